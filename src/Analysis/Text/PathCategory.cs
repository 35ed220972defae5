namespace Martin360.Analysis.Text;

/// <summary>Files whose change during a fix deserves a human look (agents that edit the tests to make them pass).</summary>
public enum PathCategory
{
    None = 0,
    Test,
    Config,
    Lockfile,
    CiFile,
    Migration,
}

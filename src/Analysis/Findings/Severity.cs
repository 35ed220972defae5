namespace Martin360.Analysis.Findings;

public enum Severity
{
    Info = 0,
    Warning,
    Critical,
}

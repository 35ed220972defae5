namespace Martin360.Analysis.Model;

/// <summary>The status a run's agent reported (not the outcome analysis assigns).</summary>
public enum RunStatus
{
    Unknown = 0,
    Running,
    Completed,
    Failed,
    Aborted,
}

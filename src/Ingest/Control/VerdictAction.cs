namespace Martin360.Ingest.Control;

/// <summary>What an agent is told to do next. Ordered: a later value is stricter.</summary>
public enum VerdictAction
{
    Continue = 0,
    Warn,
    NeedsApproval,
    Stop,
}

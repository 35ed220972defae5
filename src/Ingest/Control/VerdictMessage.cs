namespace Martin360.Ingest.Control;

/// <summary>What the control hub sends a harness as "verdict": the run, the action (continue, warn, needs_approval, stop) and why.</summary>
public sealed record VerdictMessage(string RunId, string Action, IReadOnlyList<string> Reasons)
{
    public static VerdictMessage From(string runId, Verdict verdict) => new(runId, verdict.ActionName, verdict.Reasons);
}

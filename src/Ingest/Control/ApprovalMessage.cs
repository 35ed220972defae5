namespace Martin360.Ingest.Control;

/// <summary>
/// What the control hub sends a harness as "approval": one approval of its run, when it is asked for (status pending)
/// and when a human decides it (approved or denied, by whom). The verdict that follows from it is sent as "verdict".
/// </summary>
public sealed record ApprovalMessage(
    string RunId, int ApprovalId, string Status, long Step, string Kind, string Subject, string Reason, string? DecidedBy, DateTimeOffset? DecidedAt)
{
    public static ApprovalMessage From(string runId, Approval approval) => new(
        runId,
        approval.Id,
        approval.StatusName,
        approval.Request.Step,
        approval.Request.KindName,
        approval.Request.Subject,
        approval.Request.Reason,
        approval.DecidedBy,
        approval.DecidedAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null);
}

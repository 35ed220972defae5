using System.Text.Json.Serialization;
using Martin360.Ingest.Policies;

namespace Martin360.Ingest.Control;

/// <summary>
/// An approval a run asked for and, once a human decided, who decided what and when. Stored with the run: while one is
/// pending the run's verdict is needs_approval; a denied one makes it stop; an approved one no longer counts.
/// </summary>
public sealed record Approval
{
    /// <summary>Numbered 1, 2, ... within the run (the {approvalId} of the HTTP API).</summary>
    public required int Id { get; init; }

    public required ApprovalRequest Request { get; init; }

    public ApprovalStatus Status { get; init; } = ApprovalStatus.Pending;

    public required long RequestedAtMs { get; init; }

    public string? DecidedBy { get; init; }

    public long? DecidedAtMs { get; init; }

    [JsonIgnore]
    public bool IsPending => Status == ApprovalStatus.Pending;

    /// <summary>pending, approved or denied, as the HTTP API and the control channel name it.</summary>
    [JsonIgnore]
    public string StatusName => Status.ToString().ToLowerInvariant();

    /// <summary>The verdict reason of a denied approval: "denied by lead@example.com: command `git push` at step 3".</summary>
    [JsonIgnore]
    public string DeniedReason => $"denied by {DecidedBy ?? "a human"}: {Request.Describe()}";
}

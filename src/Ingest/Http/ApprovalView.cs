namespace Martin360.Ingest.Http;

/// <summary>An approval as the HTTP API shows it. Subject is the command or path as the agent sent it (untrusted text).</summary>
public sealed record ApprovalView
{
    public required int Id { get; init; }
    public required string Status { get; init; }
    public required long Step { get; init; }
    public string? StepId { get; init; }
    public required string Kind { get; init; }
    public required string Subject { get; init; }
    public required string Pattern { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
}

namespace Martin360.Ingest.Native;

/// <summary>Body of POST /api/v1/runs/{id}/finish.</summary>
public sealed class FinishRunRequest
{
    public string? Status { get; set; }
    public string? ExitReason { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
}

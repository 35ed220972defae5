namespace Martin360.Ingest.Storage;

/// <summary>A lead's triage state for one run: reviewed or not, a note, who it is assigned to.</summary>
public sealed class ReviewRecord
{
    public required string RunId { get; set; }
    public bool Reviewed { get; set; }
    public string? ReviewedBy { get; set; }
    public long? ReviewedAtMs { get; set; }
    public string? Note { get; set; }
    public string? AssignedTo { get; set; }
    public long UpdatedAtMs { get; set; }
}

using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.ViewModels;

/// <summary>What leads recorded on a run in Triage, as the run's page shows it.</summary>
public sealed record RunReview
{
    /// <summary>"Reviewed by dana at 2026-12-06 10:00:03 UTC", or null while nobody has marked it reviewed.</summary>
    public string? Reviewed { get; init; }
    public string? AssignedTo { get; init; }
    public string? Note { get; init; }

    /// <summary>Null when there is nothing to show: never reviewed, no note, nobody assigned.</summary>
    public static RunReview? From(ReviewRecord? record)
    {
        if (record is null || (!record.Reviewed && record.Note is null && record.AssignedTo is null))
        {
            return null;
        }

        var at = record.ReviewedAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        return new RunReview
        {
            Reviewed = record.Reviewed ? $"Reviewed by {record.ReviewedBy ?? "someone"} at {Display.When(at)}" : null,
            AssignedTo = record.AssignedTo,
            Note = record.Note,
        };
    }
}

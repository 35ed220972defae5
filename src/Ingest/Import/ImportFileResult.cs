using Martin360.Ingest.Adapters;

namespace Martin360.Ingest.Import;

/// <summary>What importing one file did: the runs it made, and every problem with its line number.</summary>
public sealed record ImportFileResult
{
    public required string Source { get; init; }
    public required string Format { get; init; }

    /// <summary>imported, partial (some records rejected; the rest imported), or failed (nothing imported).</summary>
    public required string Status { get; init; }

    public required IReadOnlyList<ImportedRun> Runs { get; init; }
    public int Steps => Runs.Sum(r => r.StepsAccepted);
    public int DuplicateSteps => Runs.Sum(r => r.StepsDuplicate);
    public int RejectedRecords { get; init; }
    public required IReadOnlyList<ImportIssue> Warnings { get; init; }
    public required IReadOnlyList<ImportIssue> Errors { get; init; }
}

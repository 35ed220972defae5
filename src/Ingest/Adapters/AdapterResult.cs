using Martin360.Analysis.Model;

namespace Martin360.Ingest.Adapters;

/// <summary>What an adapter made of one input: the traces it found and the problems it reported.</summary>
public sealed record AdapterResult
{
    public required string Format { get; init; }
    public required IReadOnlyList<Trace> Traces { get; init; }
    public IReadOnlyList<ImportIssue> Issues { get; init; } = [];

    /// <summary>Lines or records that could not be read at all.</summary>
    public int RejectedRecords { get; init; }

    public bool HasErrors => Issues.Any(i => i.Level == ImportIssueLevel.Error);

    public static AdapterResult Failed(string format, ImportIssue issue) => new()
    {
        Format = format,
        Traces = [],
        Issues = [issue],
        RejectedRecords = 1,
    };
}

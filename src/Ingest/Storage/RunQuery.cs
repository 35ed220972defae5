using Martin360.Analysis.Findings;

namespace Martin360.Ingest.Storage;

/// <summary>Filters and a page for the runs list.</summary>
public sealed record RunQuery
{
    public string? Status { get; init; }
    public string? Agent { get; init; }
    public string? Project { get; init; }
    public string? Outcome { get; init; }

    /// <summary>The run's first model (its models sorted): the one the overview groups spend by.</summary>
    public string? Model { get; init; }

    /// <summary>Runs whose time (start, else creation) falls on or after this UTC day.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Runs whose time (start, else creation) falls on or before this UTC day.</summary>
    public DateOnly? To { get; init; }

    /// <summary>true: runs no longer running (the overview's "finished"); false: running runs.</summary>
    public bool? Finished { get; init; }

    /// <summary>Runs whose agent claimed it was done (true) or never did (false), as analysis read the trace.</summary>
    public bool? Claimed { get; init; }

    /// <summary>Runs with at least one finding of this kind.</summary>
    public FindingKind? Finding { get; init; }

    /// <summary>Matched against id, task title, agent, project and repository.</summary>
    public string? Text { get; init; }

    public bool? IsDemo { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 50;
}

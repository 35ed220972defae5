namespace Martin360.Ingest.Storage;

/// <summary>Filters and a page for the runs list.</summary>
public sealed record RunQuery
{
    public string? Status { get; init; }
    public string? Agent { get; init; }
    public string? Project { get; init; }
    public string? Outcome { get; init; }

    /// <summary>Matched against id, task title, agent, project and repository.</summary>
    public string? Text { get; init; }

    public bool? IsDemo { get; init; }
    public int Skip { get; init; }
    public int Take { get; init; } = 50;
}

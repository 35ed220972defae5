namespace Martin360.Ingest.Storage;

/// <summary>What the managers' overview is computed from, for one date range and project (or all).</summary>
public sealed record OverviewFacts
{
    /// <summary>Every non-empty day/agent/model/project cell in range.</summary>
    public required IReadOnlyList<OverviewDay> Days { get; init; }

    /// <summary>Wasted USD per finding kind over the range.</summary>
    public required IReadOnlyList<OverviewWaste> Waste { get; init; }

    /// <summary>The runs furthest into their USD budget, worst first.</summary>
    public required IReadOnlyList<OverviewBudgetRun> BudgetBurn { get; init; }

    /// <summary>The most expensive runs still running, most expensive first.</summary>
    public required IReadOnlyList<OverviewUnfinishedRun> Unfinished { get; init; }
}

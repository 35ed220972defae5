namespace Martin360.Analysis.Portfolio;

/// <summary>Everything the dashboard shows across runs: cost per category per model, routing advice, value, reliability.</summary>
public sealed record PortfolioReport
{
    public required IReadOnlyList<CategoryCost> CategoryCosts { get; init; }
    public required IReadOnlyList<RoutingAdvice> Routing { get; init; }

    /// <summary>All runs together first, then per agent and model.</summary>
    public required IReadOnlyList<ValueMetrics> Value { get; init; }

    public required IReadOnlyList<ReliabilityRow> Reliability { get; init; }
}

namespace Martin360.Ingest.Storage;

/// <summary>A run with a USD budget (its hard limit, else its soft one) and what it has spent against it.</summary>
public sealed record OverviewBudgetRun(string Id, string? Title, double CostUsd, double LimitUsd);

namespace Martin360.Ingest.Storage;

/// <summary>A run still running, with what it has cost so far.</summary>
public sealed record OverviewUnfinishedRun(string Id, string? Title, string Agent, double CostUsd, long Tokens);

namespace Martin360.Ingest.Control;

/// <summary>What a run has used so far, as budgets measure it.</summary>
public sealed record RunUsage(long Tokens, decimal? CostUsd, int Steps, TimeSpan WallTime);

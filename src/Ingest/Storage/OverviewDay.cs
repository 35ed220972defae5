namespace Martin360.Ingest.Storage;

/// <summary>
/// The runs of one UTC day, agent, model and project, summed (a cell of the OverviewDays rollup). Model is the first of
/// a run's models; null model or project: the runs had none.
/// </summary>
public sealed record OverviewDay(DateTime Day, string Agent, string? Model, string? Project, int Runs, int Finished, int Verified, int Claimed, double CostUsd, long Tokens);

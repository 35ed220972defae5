namespace Martin360.Ingest.Storage;

/// <summary>The few columns of a run the manager's overview aggregates.</summary>
public sealed record OverviewRun(
    string Id,
    string? Title,
    long StartedAtMs,
    string Agent,
    string? Models,
    string? Project,
    string Status,
    string? Outcome,
    double? CostUsd,
    long Tokens,
    double WastedUsd,
    string? FindingsJson,
    string? VerificationJson,
    string? BudgetJson);

namespace Martin360.Ingest.Control;

/// <summary>One limit of a budget that usage reached: warn for a soft limit, stop for a hard one.</summary>
public sealed record BudgetHit(VerdictAction Action, string Measure, string Reason);

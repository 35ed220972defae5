namespace Martin360.Dashboard.ViewModels.Panels;

/// <summary>One point of a budget line.</summary>
public sealed record BudgetLevel(long Sequence, double Value);

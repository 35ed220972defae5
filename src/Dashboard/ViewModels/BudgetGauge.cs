namespace Martin360.Dashboard.ViewModels;

/// <summary>How much of one budget a run has used.</summary>
public sealed record BudgetGauge(string Label, string Used, string Limit, double Percent, bool OverSoft, bool OverHard);

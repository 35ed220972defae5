namespace Martin360.Dashboard.ViewModels.Panels;

/// <summary>A flat line across a chart at a budget limit; one point per category so Radzen draws it as a line series.</summary>
public sealed record BudgetLine(string Title, double Limit, IReadOnlyList<CostPoint> Points)
{
    public IEnumerable<BudgetLevel> Levels => Points.Select(p => new BudgetLevel(p.Sequence, Limit));
}

using Martin360.Analysis.Model;

namespace Martin360.Dashboard.ViewModels.Panels;

/// <summary>Cost and tokens step by step, summed as the run went, against the run's budget.</summary>
public sealed class CostPanel
{
    /// <summary>A chart of more points than this is thinned (every n-th step and the last): an SVG of 10k points helps nobody.</summary>
    public const int MaxChartPoints = 200;

    public required IReadOnlyList<CostPoint> Points { get; init; }
    public required IReadOnlyList<CostPoint> ChartPoints { get; init; }
    public IReadOnlyList<BudgetLine> UsdBudgets { get; init; } = [];
    public IReadOnlyList<BudgetLine> TokenBudgets { get; init; } = [];

    /// <summary>Steps whose cost is unknown: the cumulative cost is then a lower bound.</summary>
    public int UnpricedSteps { get; init; }

    public bool HasCost => Points.Any(p => p.StepUsd is not null);

    public static CostPanel Build(IReadOnlyList<Step> steps, RunBudget budget)
    {
        var points = new List<CostPoint>(steps.Count);
        double usd = 0;
        long tokens = 0;
        var unpriced = 0;
        foreach (var step in steps)
        {
            double? stepUsd = step.CostUsd is { } c ? (double)c : null;
            usd += stepUsd ?? 0;
            tokens += step.Tokens.Total;
            if (stepUsd is null && step.Tokens.Total > 0)
            {
                unpriced++;
            }

            points.Add(new CostPoint(step.Sequence, stepUsd, usd, step.Tokens.Total, tokens));
        }

        var chart = Thin(points);
        return new CostPanel
        {
            Points = points,
            ChartPoints = chart,
            UsdBudgets = Lines(chart, ("Soft budget", (double?)budget.SoftUsd), ("Hard budget", (double?)budget.HardUsd)),
            TokenBudgets = Lines(chart, ("Soft budget", budget.SoftTokens), ("Hard budget", budget.HardTokens)),
            UnpricedSteps = unpriced,
        };
    }

    /// <summary>
    /// The data of the cost and tokens charts as CSV, every step (not thinned): sequence, kind, model, tokens by kind, the
    /// step's cost (empty when unknown, never a silent 0), the totals so far and the run's budget limits beside them.
    /// </summary>
    public static string Csv(IReadOnlyList<Step> steps, RunBudget budget)
    {
        var points = Build(steps, RunBudget.None).Points;
        var limits = new[] { CsvText.Num((double?)budget.SoftUsd), CsvText.Num((double?)budget.HardUsd), CsvText.Num(budget.SoftTokens), CsvText.Num(budget.HardTokens) };
        var lines = new List<string>(steps.Count + 1)
        {
            "sequence,step_id,kind,model,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,tokens,cumulative_tokens,"
            + "cost_usd,cumulative_cost_usd,soft_budget_usd,hard_budget_usd,soft_budget_tokens,hard_budget_tokens",
        };
        for (var i = 0; i < steps.Count; i++)
        {
            var (step, point) = (steps[i], points[i]);
            lines.Add(CsvText.Row([
                CsvText.Num(step.Sequence), step.Id, step.Kind.ToWire(), step.Model ?? "",
                CsvText.Num(step.Tokens.Input), CsvText.Num(step.Tokens.Output), CsvText.Num(step.Tokens.CacheRead), CsvText.Num(step.Tokens.CacheWrite),
                CsvText.Num(point.StepTokens), CsvText.Num(point.CumulativeTokens), CsvText.Num(point.StepUsd), CsvText.Num(point.CumulativeUsd),
                .. limits]));
        }

        return CsvText.Document(lines);
    }

    private static IReadOnlyList<CostPoint> Thin(List<CostPoint> points)
    {
        if (points.Count <= MaxChartPoints)
        {
            return points;
        }

        var every = (int)Math.Ceiling(points.Count / (double)MaxChartPoints);
        var thinned = new List<CostPoint>(MaxChartPoints + 1);
        for (var i = every - 1; i < points.Count; i += every)
        {
            thinned.Add(points[i]);
        }

        if (thinned[^1] != points[^1])
        {
            thinned.Add(points[^1]);
        }

        return thinned;
    }

    private static IReadOnlyList<BudgetLine> Lines(IReadOnlyList<CostPoint> points, params (string Title, double? Limit)[] limits) =>
        points.Count == 0 ? [] : limits.Where(l => l.Limit is > 0).Select(l => new BudgetLine(l.Title, l.Limit!.Value, points)).ToArray();
}

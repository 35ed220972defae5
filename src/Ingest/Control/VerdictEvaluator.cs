using System.Globalization;
using Martin360.Analysis.Model;

namespace Martin360.Ingest.Control;

/// <summary>Turns a run's budget, usage and control state into a verdict. Pure: the caller supplies the usage.</summary>
public static class VerdictEvaluator
{
    public static Verdict Evaluate(RunBudget budget, RunUsage usage, string? stopRequestedBy)
    {
        var action = VerdictAction.Continue;
        var reasons = new List<string>();
        if (stopRequestedBy is not null)
        {
            action = VerdictAction.Stop;
            reasons.Add($"stop requested by {stopRequestedBy}");
        }

        foreach (var hit in BudgetHits(budget, usage))
        {
            action = hit.Action > action ? hit.Action : action;
            reasons.Add(hit.Reason);
        }

        return action == VerdictAction.Continue && reasons.Count == 0 ? Verdict.Continue : new Verdict(action, reasons);
    }

    /// <summary>Each limit of the budget that usage reached (a hard limit reached hides its soft one).</summary>
    public static IReadOnlyList<BudgetHit> BudgetHits(RunBudget budget, RunUsage usage)
    {
        var hits = new List<BudgetHit>();
        Check(budget.HardTokens, budget.SoftTokens, usage.Tokens, "tokens", n => n.ToString("N0", CultureInfo.InvariantCulture), hits);
        if (usage.CostUsd is { } cost)
        {
            Check(budget.HardUsd, budget.SoftUsd, cost, "USD", n => "$" + n.ToString("0.00##", CultureInfo.InvariantCulture), hits);
        }

        Check(budget.HardSteps, budget.SoftSteps, usage.Steps, "steps", n => n.ToString(CultureInfo.InvariantCulture), hits);
        Check(budget.HardWallTime?.TotalSeconds, budget.SoftWallTime?.TotalSeconds, usage.WallTime.TotalSeconds, "wall time",
            s => TimeSpan.FromSeconds(s).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture), hits);
        return hits;
    }

    private static void Check<T>(T? hard, T? soft, T used, string what, Func<T, string> format, List<BudgetHit> hits)
        where T : struct, IComparable<T>
    {
        if (hard is { } h && used.CompareTo(h) >= 0)
        {
            hits.Add(new BudgetHit(VerdictAction.Stop, what, $"hard budget reached: {format(used)} of {format(h)} {what}"));
        }
        else if (soft is { } s && used.CompareTo(s) >= 0)
        {
            hits.Add(new BudgetHit(VerdictAction.Warn, what, $"soft budget reached: {format(used)} of {format(s)} {what}"));
        }
    }
}

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

        void Raise(VerdictAction level, string reason)
        {
            if (level > action)
            {
                action = level;
            }

            reasons.Add(reason);
        }

        if (stopRequestedBy is not null)
        {
            Raise(VerdictAction.Stop, $"stop requested by {stopRequestedBy}");
        }

        Check(budget.HardTokens, budget.SoftTokens, usage.Tokens, "tokens", n => n.ToString("N0", CultureInfo.InvariantCulture), Raise);
        if (usage.CostUsd is { } cost)
        {
            Check(budget.HardUsd, budget.SoftUsd, cost, "USD", n => "$" + n.ToString("0.00##", CultureInfo.InvariantCulture), Raise);
        }

        Check(budget.HardSteps, budget.SoftSteps, usage.Steps, "steps", n => n.ToString(CultureInfo.InvariantCulture), Raise);
        Check(budget.HardWallTime?.TotalSeconds, budget.SoftWallTime?.TotalSeconds, usage.WallTime.TotalSeconds, "wall time",
            s => TimeSpan.FromSeconds(s).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture), Raise);

        return action == VerdictAction.Continue && reasons.Count == 0 ? Verdict.Continue : new Verdict(action, reasons);
    }

    private static void Check<T>(T? hard, T? soft, T used, string what, Func<T, string> format, Action<VerdictAction, string> raise)
        where T : struct, IComparable<T>
    {
        if (hard is { } h && used.CompareTo(h) >= 0)
        {
            raise(VerdictAction.Stop, $"hard budget reached: {format(used)} of {format(h)} {what}");
        }
        else if (soft is { } s && used.CompareTo(s) >= 0)
        {
            raise(VerdictAction.Warn, $"soft budget reached: {format(used)} of {format(s)} {what}");
        }
    }
}

using Martin360.Analysis.Engine;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Analysis.Text;

namespace Martin360.Analysis.Rules;

/// <summary>
/// Spend since the last real progress, budget caps hit, cost per progress unit. Real progress is a verifier
/// improving (first pass, more tests passing, fewer failing) or an edit that stayed (not followed by the same
/// failure it was meant to fix). A new user message starts a new goal. The waste is the money from the first
/// stalled step to the end.
/// </summary>
public sealed class BudgetBurnRule : IFindingRule
{
    /// <summary>Agent actions after the last progress before a stall is worth reporting.</summary>
    public const int MinStalledActions = 10;

    /// <summary>Share of the run's spend (USD when known, else tokens) after the last progress.</summary>
    public const double MinStalledShare = 0.25;

    private static readonly string[] s_limitMarkers =
    [
        "exit_cost", "cost_limit", "limitsexceeded", "limits_exceeded", "maximum iteration", "max_iterations", "max iterations",
        "budget", "exit_context", "context window", "max_turns", "max turns", "token limit", "exit_budget",
    ];

    /// <summary>Whether an agent's own exit reason says it stopped on a limit (cost, iterations, context, budget).</summary>
    public static bool IsLimitExit(string? exitReason)
    {
        if (string.IsNullOrWhiteSpace(exitReason))
        {
            return false;
        }

        var lower = exitReason.ToLowerInvariant();
        return s_limitMarkers.Any(m => lower.Contains(m, StringComparison.Ordinal));
    }

    public IEnumerable<Finding> Find(AnalysisContext context)
    {
        if (context.Steps.Count == 0)
        {
            yield break;
        }

        var (lastProgress, progressCount) = LastProgress(context);
        var caps = CapHits(context);
        var limitExit = IsLimitExit(context.Run.ExitReason);
        var last = context.Steps.Count - 1;

        var stalledActions = 0;
        for (var i = lastProgress + 1; i <= last; i++)
        {
            if (context.Facts[i].IsAction && !context.Facts[i].IsUserMessage)
            {
                stalledActions++;
            }
        }

        var (stallTokens, stallUsd) = context.Spend(lastProgress + 1, last);
        var share = context.TotalUsd > 0 ? (double)(stallUsd / context.TotalUsd) : context.TotalTokens > 0 ? (double)stallTokens / context.TotalTokens : 0;
        var stalled = stalledActions >= MinStalledActions && (share >= MinStalledShare || (context.TotalTokens == 0 && context.TotalUsd == 0));
        if (!stalled && caps.Count == 0 && !limitExit)
        {
            yield break;
        }

        var parts = new List<string>();
        var evidence = new List<int>();
        var wasteFrom = last + 1;
        if (stalled)
        {
            var since = lastProgress < 0 ? "the start of the run" : $"step {context.Seq(lastProgress)}";
            parts.Add($"no progress since {since}: {stalledActions} actions, {stallTokens:N0} tokens ({TextDisplay.Usd(stallUsd)}, {TextDisplay.Percent(share)} of the run) spent after it");
            evidence.Add(lastProgress + 1);
            wasteFrom = lastProgress + 1;
        }

        foreach (var cap in caps)
        {
            parts.Add($"{cap.Label} hit at step {context.Seq(cap.Index)}");
            evidence.Add(cap.Index);
            wasteFrom = Math.Min(wasteFrom, cap.Index);
        }

        if (limitExit)
        {
            parts.Add($"the agent stopped on its own limit ({TextDisplay.OneLine(context.Run.ExitReason, 80)})");
        }

        evidence.Add(last);
        wasteFrom = Math.Min(wasteFrom, last);
        var perUnit = progressCount > 0
            ? $"{TextDisplay.Usd(context.TotalUsd / progressCount)} and {context.TotalTokens / progressCount:N0} tokens per progress unit ({progressCount} units)"
            : "no progress unit at all";
        parts.Add(perUnit);

        var summary = "Budget burn: " + string.Join("; ", parts) + ".";
        var hard = caps.Any(c => c.Hard) || limitExit;
        var (tokens, usd) = context.Spend(wasteFrom, last);
        var indices = evidence.Where(i => i >= 0 && i <= last).Distinct().Order().ToArray();
        yield return context.Build(FindingKind.BudgetBurn, hard ? Severity.Critical : Severity.Warning, caps.Count > 0 || limitExit ? 0.95 : 0.8,
            indices, summary, tokens, usd);
    }

    /// <summary>The index of the last progress (-1 when none) and how many progress units the run made.</summary>
    public static (int Index, int Count) LastProgress(AnalysisContext context)
    {
        var last = -1;
        var count = 0;
        var candidates = new List<int>();
        string? lastFailure = null;
        var best = new Dictionary<ulong, (int Passed, int Failed, bool EverPassed)>();

        for (var i = 0; i < context.Steps.Count; i++)
        {
            var facts = context.Facts[i];
            if (facts.IsUserMessage)
            {
                last = i;
                continue;
            }

            if (facts.IsEdit && !facts.Failed)
            {
                candidates.Add(i);
            }

            if (!facts.IsVerifier)
            {
                continue;
            }

            var sameFailure = facts.VerifierPassed == false && facts.ErrorSignature is not null && facts.ErrorSignature == lastFailure;
            if (!sameFailure && candidates.Count > 0)
            {
                last = Math.Max(last, candidates[^1]);
                count += candidates.Count;
            }

            candidates.Clear();
            var verifier = context.Steps[i].Verifier;
            var passed = verifier?.Passed ?? 0;
            var failed = verifier?.Failed ?? (facts.VerifierPassed == true ? 0 : int.MaxValue);
            var seen = best.TryGetValue(facts.ActionKey, out var b);
            var improved = !seen
                ? facts.VerifierPassed == true
                : (facts.VerifierPassed == true && !b.EverPassed) || passed > b.Passed || failed < b.Failed;
            if (improved)
            {
                last = i;
                count++;
            }

            best[facts.ActionKey] = seen
                ? (Math.Max(b.Passed, passed), Math.Min(b.Failed, failed), b.EverPassed || facts.VerifierPassed == true)
                : (passed, failed, facts.VerifierPassed == true);
            lastFailure = facts.VerifierPassed == false ? facts.ErrorSignature : null;
        }

        if (candidates.Count > 0)
        {
            last = Math.Max(last, candidates[^1]);
            count += candidates.Count;
        }

        return (last, count);
    }

    private static List<(int Index, string Label, bool Hard)> CapHits(AnalysisContext context)
    {
        var budget = context.Run.Budget;
        var hits = new List<(int, string, bool)>();
        if (budget.IsEmpty)
        {
            return hits;
        }

        var usd = 0m;
        long tokens = 0;
        var steps = 0;
        var start = context.Run.StartedAt ?? context.Steps.FirstOrDefault(s => s.Timestamp is not null)?.Timestamp;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Check(bool crossed, string label, bool hard, int index)
        {
            if (crossed && seen.Add(label))
            {
                hits.Add((index, label, hard));
            }
        }

        for (var i = 0; i < context.Steps.Count; i++)
        {
            var step = context.Steps[i];
            usd += step.CostUsd ?? 0m;
            tokens += step.Tokens.Total;
            if (step.Kind != StepKind.UserMessage)
            {
                steps++;
            }

            var elapsed = start is { } s && step.Timestamp is { } t ? t - s : (TimeSpan?)null;
            Check(budget.SoftUsd is { } softUsd && usd >= softUsd, $"soft USD cap {TextDisplay.Usd(budget.SoftUsd ?? 0)}", false, i);
            Check(budget.HardUsd is { } hardUsd && usd >= hardUsd, $"hard USD cap {TextDisplay.Usd(budget.HardUsd ?? 0)}", true, i);
            Check(budget.SoftTokens is { } softTokens && tokens >= softTokens, $"soft token cap {budget.SoftTokens:N0}", false, i);
            Check(budget.HardTokens is { } hardTokens && tokens >= hardTokens, $"hard token cap {budget.HardTokens:N0}", true, i);
            Check(budget.SoftSteps is { } softSteps && steps >= softSteps, $"soft step cap {budget.SoftSteps}", false, i);
            Check(budget.HardSteps is { } hardSteps && steps >= hardSteps, $"hard step cap {budget.HardSteps}", true, i);
            Check(budget.SoftWallTime is { } softWall && elapsed >= softWall, $"soft wall-time cap {budget.SoftWallTime}", false, i);
            Check(budget.HardWallTime is { } hardWall && elapsed >= hardWall, $"hard wall-time cap {budget.HardWallTime}", true, i);
        }

        return hits;
    }
}

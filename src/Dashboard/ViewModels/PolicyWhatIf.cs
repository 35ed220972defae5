using Martin360.Analysis;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Ingest.Control;
using Martin360.Ingest.Policies;

namespace Martin360.Dashboard.ViewModels;

/// <summary>
/// Replays stored runs step by step through a draft policy, as live evaluation would have seen them: usage so far,
/// the step just appended, the recent window and the findings analysis would have had by then (analysis is re-run on
/// the prefix only at steps that are evidence of a loop or repeated strategy in the whole run). Pure.
/// </summary>
public static class PolicyWhatIf
{
    public static WhatIfReport Run(Policy policy, IEnumerable<Trace> traces)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(traces);
        return new WhatIfReport(traces.Select(t => Replay(policy, t)).ToArray());
    }

    public static WhatIfRow Replay(Policy policy, Trace trace)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(trace);
        var steps = trace.Steps as Step[] ?? [.. trace.Steps];
        var start = trace.Run.StartedAt ?? steps.FirstOrDefault(s => s.Timestamp is not null)?.Timestamp;
        var totalCost = steps.Any(s => s.CostUsd is not null) ? steps.Sum(s => s.CostUsd ?? 0) : (decimal?)null;
        var evidence = FindingEvidence(policy, trace);
        var window = policy.StopConditions.NoProgressSteps ?? 1;
        var checks = new List<Step>();
        IReadOnlyList<Finding> findings = [];
        long tokens = 0;
        decimal spent = 0;
        var (worst, atStep, reason) = (VerdictAction.Continue, (long?)null, (string?)null);

        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            tokens += step.Tokens.Total;
            spent += step.CostUsd ?? 0;
            if (evidence.Contains(step.Sequence))
            {
                findings = TraceAnalyzer.Analyze(Trace.Create(trace.Run, steps.Take(i + 1))).Findings;
            }

            var wall = start is { } s && step.Timestamp is { } t && t > s ? t - s : TimeSpan.Zero;
            var from = Math.Max(0, i + 1 - window);
            var evaluation = PolicyEvaluator.Evaluate(new PolicyInput
            {
                Policy = policy,
                Usage = new RunUsage(tokens, totalCost is null ? null : spent, i + 1, wall),
                NewSteps = [step],
                RecentSteps = new ArraySegment<Step>(steps, from, i + 1 - from),
                EarlierChecks = checks,
                Findings = findings,
            });
            if (step.Command is not null || step.Verifier is not null)
            {
                checks.Add(step);
            }

            if (evaluation.Action == VerdictAction.Stop)
            {
                var saved = totalCost is { } total ? total - spent : (decimal?)null;
                return Row(trace, "stop", step.Sequence, evaluation.StopReason, saved, totalCost);
            }

            if (evaluation.Action > worst)
            {
                (worst, atStep, reason) = (evaluation.Action, step.Sequence, evaluation.Reasons[0]);
            }
        }

        return Row(trace, new Verdict(worst, []).ActionName, atStep, reason, null, totalCost);
    }

    /// <summary>Steps at which a finding a stop condition reads could first have appeared (empty when no condition reads findings).</summary>
    private static HashSet<long> FindingEvidence(Policy policy, Trace trace)
    {
        var stop = policy.StopConditions;
        if (!stop.OnLoop && stop.RepeatedStrategyTimes is null)
        {
            return [];
        }

        return TraceAnalyzer.Analyze(trace).Findings
            .Where(f => (stop.OnLoop && f.Kind == FindingKind.Loop) || (stop.RepeatedStrategyTimes is not null && f.Kind == FindingKind.RepeatedStrategy))
            .SelectMany(f => f.Steps)
            .ToHashSet();
    }

    private static WhatIfRow Row(Trace trace, string action, long? atStep, string? reason, decimal? saved, decimal? cost) =>
        new(trace.Run.Id, trace.Run.TaskTitle, action, atStep, reason, saved, trace.Steps.Count, cost);
}

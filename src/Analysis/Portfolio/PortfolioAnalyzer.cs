using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Analysis.Text;

namespace Martin360.Analysis.Portfolio;

/// <summary>
/// Across runs, for the dashboard: cost per step category per model with routing advice, value per token,
/// and reliability (step-level success beside end-to-end verified success, with the p^n estimate). Pure;
/// every list is in a fixed order.
/// </summary>
public static class PortfolioAnalyzer
{
    /// <summary>Steps a model needs in a category before its numbers are compared with another's.</summary>
    public const int MinSamples = 5;

    /// <summary>A cheaper model "did as well" when its step success is at most this much lower.</summary>
    public const double SuccessTolerance = 0.05;

    /// <summary>A model is "cheaper" when it costs at most this share of the other per step.</summary>
    public const double CheaperRatio = 0.8;

    /// <summary>Runs with a loop or repeated strategy on a model before escalation is advised.</summary>
    public const int EscalationRuns = 2;

    private const string Unknown = "unknown";

    public static PortfolioReport Analyze(IReadOnlyList<(Trace Trace, AnalysisResult Result)> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var ordered = runs.OrderBy(r => r.Trace.Run.Id, StringComparer.Ordinal).ToList();
        var costs = new Dictionary<(string Model, StepCategory Category), (int Steps, int Failed, long Tokens, decimal Usd)>();
        var perRun = new List<RunSummary>();

        foreach (var (trace, result) in ordered)
        {
            var steps = trace.Steps;
            var categories = StepClassifier.Classify(steps);
            var model = Unknown;
            var modelCounts = new Dictionary<string, int>(StringComparer.Ordinal);
            var toolSteps = 0;
            var failedTools = 0;
            for (var i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                model = step.Model ?? model;
                var failed = IsFailed(step);
                if (step.Model is not null)
                {
                    modelCounts[step.Model] = modelCounts.GetValueOrDefault(step.Model) + 1;
                }

                var key = (model, categories[i]);
                var c = costs.GetValueOrDefault(key);
                costs[key] = (c.Steps + 1, c.Failed + (failed ? 1 : 0), c.Tokens + step.Tokens.Total, c.Usd + (step.CostUsd ?? 0m));

                if (IsToolStep(step))
                {
                    toolSteps++;
                    failedTools += failed ? 1 : 0;
                }
            }

            var mainModel = modelCounts.Count == 0 ? Unknown : modelCounts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
            perRun.Add(new RunSummary(
                trace.Run.Id,
                trace.Run.AgentName ?? trace.Run.SourceFormat,
                mainModel,
                result.Outcome == Outcome.VerifiedSuccess,
                result.Findings.Any(f => f.Kind is FindingKind.Loop or FindingKind.RepeatedStrategy),
                trace.Run.Tokens.IsZero ? steps.Sum(s => s.Tokens.Total) : trace.Run.Tokens.Total,
                trace.Run.CostUsd ?? steps.Sum(s => s.CostUsd ?? 0m),
                toolSteps,
                failedTools));
        }

        var categoryCosts = costs
            .Select(kv => new CategoryCost { Model = kv.Key.Model, Category = kv.Key.Category, Steps = kv.Value.Steps, FailedSteps = kv.Value.Failed, Tokens = kv.Value.Tokens, Usd = kv.Value.Usd })
            .OrderBy(c => c.Model, StringComparer.Ordinal).ThenBy(c => c.Category)
            .ToList();

        return new PortfolioReport
        {
            CategoryCosts = categoryCosts,
            Routing = [.. CheaperModels(categoryCosts), .. Escalations(perRun, categoryCosts)],
            Value = Value(perRun),
            Reliability = Reliability(perRun),
        };
    }

    private static bool IsFailed(Step step) => step.IsError || step.Kind == StepKind.Error || step.ExitCode is { } code && code != 0;

    /// <summary>Steps that call a tool or run a command: the ones a "tool error" or "failed command" can happen in.</summary>
    private static bool IsToolStep(Step step) =>
        step.Kind is StepKind.ToolCall or StepKind.ShellCommand or StepKind.FileRead or StepKind.FileEdit or StepKind.FileCreate
            or StepKind.FileDelete or StepKind.Search
        && !Verification.IsVerifierRun(step);

    private static IEnumerable<RoutingAdvice> CheaperModels(List<CategoryCost> costs)
    {
        foreach (var group in costs.Where(c => c.Steps >= MinSamples && c.Usd > 0 && c.Model != Unknown).GroupBy(c => c.Category).OrderBy(g => g.Key))
        {
            var models = group.ToList();
            foreach (var expensive in models.OrderByDescending(m => m.UsdPerStep).ThenBy(m => m.Model, StringComparer.Ordinal))
            {
                var cheaper = models
                    .Where(m => m.Model != expensive.Model && m.UsdPerStep <= expensive.UsdPerStep * (decimal)CheaperRatio
                        && m.StepSuccessRate >= expensive.StepSuccessRate - SuccessTolerance)
                    .OrderBy(m => m.UsdPerStep).ThenBy(m => m.Model, StringComparer.Ordinal)
                    .FirstOrDefault();
                if (cheaper is null)
                {
                    continue;
                }

                yield return new RoutingAdvice
                {
                    Kind = RoutingAdviceKind.UseCheaperModel,
                    Category = group.Key,
                    FromModel = expensive.Model,
                    ToModel = cheaper.Model,
                    Reason = $"{cheaper.Model} did {group.Key} at {TextDisplay.Usd(cheaper.UsdPerStep)} per step with {TextDisplay.Percent(cheaper.StepSuccessRate)} step success over {cheaper.Steps} steps; " +
                        $"{expensive.Model} cost {TextDisplay.Usd(expensive.UsdPerStep)} per step with {TextDisplay.Percent(expensive.StepSuccessRate)} over {expensive.Steps} steps.",
                };
            }
        }
    }

    private static IEnumerable<RoutingAdvice> Escalations(List<RunSummary> runs, List<CategoryCost> costs)
    {
        var byModel = runs.Where(r => r.Model != Unknown).GroupBy(r => r.Model).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var usdPerStep = costs.Where(c => c.Model != Unknown).GroupBy(c => c.Model)
            .ToDictionary(g => g.Key, g => g.Sum(c => c.Steps) == 0 ? 0 : g.Sum(c => c.Usd) / g.Sum(c => c.Steps), StringComparer.Ordinal);

        foreach (var (model, modelRuns) in byModel.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var stuck = modelRuns.Where(r => r.RepeatedFailure).ToList();
            if (stuck.Count < EscalationRuns)
            {
                continue;
            }

            var rate = modelRuns.Count(r => r.Verified) / (double)modelRuns.Count;
            var stronger = byModel
                .Where(kv => kv.Key != model && usdPerStep.GetValueOrDefault(kv.Key) > usdPerStep.GetValueOrDefault(model))
                .Select(kv => (Model: kv.Key, Rate: kv.Value.Count(r => r.Verified) / (double)kv.Value.Count, Runs: kv.Value.Count))
                .Where(s => s.Rate > rate)
                .OrderByDescending(s => s.Rate).ThenBy(s => s.Model, StringComparer.Ordinal)
                .FirstOrDefault();
            if (stronger.Model is null)
            {
                continue;
            }

            yield return new RoutingAdvice
            {
                Kind = RoutingAdviceKind.Escalate,
                Category = StepCategory.Editing,
                FromModel = model,
                ToModel = stronger.Model,
                Reason = $"{stuck.Count} of {modelRuns.Count} runs on {model} looped or retried the same failing approach ({string.Join(", ", stuck.Take(3).Select(r => r.RunId))}); " +
                    $"{stronger.Model} verified {TextDisplay.Percent(stronger.Rate)} of its {stronger.Runs} runs against {TextDisplay.Percent(rate)}: escalate after a repeated failure.",
            };
        }
    }

    private static IReadOnlyList<ValueMetrics> Value(List<RunSummary> runs)
    {
        var all = new ValueMetrics
        {
            Agent = "all",
            Model = "all",
            Runs = runs.Count,
            VerifiedCompletions = runs.Count(r => r.Verified),
            Tokens = runs.Sum(r => r.Tokens),
            Usd = runs.Sum(r => r.Usd),
        };
        var groups = ByAgentAndModel(runs)
            .Select(g => new ValueMetrics
            {
                Agent = g.Key.Agent,
                Model = g.Key.Model,
                Runs = g.Count(),
                VerifiedCompletions = g.Count(r => r.Verified),
                Tokens = g.Sum(r => r.Tokens),
                Usd = g.Sum(r => r.Usd),
            });
        return [all, .. groups];
    }

    private static IOrderedEnumerable<IGrouping<(string Agent, string Model), RunSummary>> ByAgentAndModel(List<RunSummary> runs) =>
        runs.GroupBy(r => (r.Agent, r.Model))
            .OrderBy(g => g.Key.Agent, StringComparer.Ordinal).ThenBy(g => g.Key.Model, StringComparer.Ordinal);

    private static IReadOnlyList<ReliabilityRow> Reliability(List<RunSummary> runs) =>
        ByAgentAndModel(runs)
            .Select(g => new ReliabilityRow
            {
                Agent = g.Key.Agent,
                Model = g.Key.Model,
                Runs = g.Count(),
                ToolSteps = g.Sum(r => r.ToolSteps),
                FailedToolSteps = g.Sum(r => r.FailedToolSteps),
                VerifiedRuns = g.Count(r => r.Verified),
            })
            .ToList();

    private sealed record RunSummary(string RunId, string Agent, string Model, bool Verified, bool RepeatedFailure, long Tokens, decimal Usd, int ToolSteps, int FailedToolSteps);
}

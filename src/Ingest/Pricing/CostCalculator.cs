using System.Runtime.CompilerServices;
using Martin360.Analysis.Model;

namespace Martin360.Ingest.Pricing;

/// <summary>
/// Fills in what a trace did not report: each step that used tokens but reported no cost is priced from
/// the table (provenance Computed) or marked Unknown with no cost when its model is unknown, never a silent 0.
/// The run keeps a reported total; otherwise its total is the sum of its steps when every step that used
/// tokens has a cost, and Unknown when any of them has none. A run without token totals gets the steps' sum.
/// </summary>
public static class CostCalculator
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Trace Apply(Trace trace, PriceTable prices)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(prices);

        var steps = new Step[trace.Steps.Count];
        var stepTokens = TokenUsage.Zero;
        var total = 0m;
        var priced = 0;
        var unknown = 0;
        var allReported = true;
        for (var i = 0; i < steps.Length; i++)
        {
            var step = trace.Steps[i];
            stepTokens = stepTokens.Add(step.Tokens);
            if (step.CostProvenance == CostProvenance.Reported && step.CostUsd is { } reported)
            {
                total += reported;
                priced++;
                steps[i] = step;
                continue;
            }

            if (step.Tokens.IsZero)
            {
                steps[i] = step.CostUsd is null ? step : step with { CostUsd = null, CostProvenance = CostProvenance.Unknown };
                continue;
            }

            var cost = prices.Cost(step.Model, step.Tokens, step.Timestamp ?? trace.Run.StartedAt);
            if (cost is null)
            {
                unknown++;
                steps[i] = step with { CostUsd = null, CostProvenance = CostProvenance.Unknown };
            }
            else
            {
                total += cost.Value;
                priced++;
                allReported = false;
                steps[i] = step with { CostUsd = cost, CostProvenance = CostProvenance.Computed };
            }
        }

        var run = trace.Run;
        if (run.Tokens.IsZero && !stepTokens.IsZero)
        {
            run = run with { Tokens = stepTokens };
        }

        if (run.CostProvenance != CostProvenance.Reported || run.CostUsd is null)
        {
            run = priced > 0 && unknown == 0
                ? run with { CostUsd = total, CostProvenance = allReported ? CostProvenance.Reported : CostProvenance.Computed }
                : run with { CostUsd = null, CostProvenance = CostProvenance.Unknown };
        }

        return new Trace { Run = run, Steps = steps };
    }
}

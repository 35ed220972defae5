using Martin360.Analysis.Model;

namespace Martin360.Ingest.Storage;

/// <summary>What the steps inserted by one append add to their run's totals (the same sums the full recount takes).</summary>
internal sealed class AddedSteps
{
    public int Count { get; private set; }
    public long InputTokens { get; private set; }
    public long OutputTokens { get; private set; }
    public long CacheReadTokens { get; private set; }
    public long CacheWriteTokens { get; private set; }
    public long ReasoningTokens { get; private set; }
    public double? CostUsd { get; private set; }
    public long UnpricedSteps { get; private set; }
    public long ComputedSteps { get; private set; }
    public long? FirstTimestampMs { get; private set; }
    public HashSet<string> Models { get; } = new(StringComparer.Ordinal);

    public void Add(StepRecord step)
    {
        Count++;
        InputTokens += step.InputTokens;
        OutputTokens += step.OutputTokens;
        CacheReadTokens += step.CacheReadTokens;
        CacheWriteTokens += step.CacheWriteTokens;
        ReasoningTokens += step.ReasoningTokens;
        if (step.CostUsd is { } cost)
        {
            CostUsd = (CostUsd ?? 0) + cost;
        }
        else if (step.InputTokens + step.OutputTokens + step.CacheReadTokens + step.CacheWriteTokens > 0)
        {
            UnpricedSteps++;
        }

        if (step.CostProvenance == CostProvenance.Computed.ToWire())
        {
            ComputedSteps++;
        }

        if (step.TimestampMs is { } at && (FirstTimestampMs is null || at < FirstTimestampMs))
        {
            FirstTimestampMs = at;
        }

        if (step.Model is not null)
        {
            Models.Add(step.Model);
        }
    }
}

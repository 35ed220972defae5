using Martin360.Analysis.Model;

namespace Martin360.Ingest.Adapters.OpenHands;

/// <summary>What an OpenHands event list says about its run, beside the steps.</summary>
internal sealed record OpenHandsHistory
{
    public required IReadOnlyList<Step> Steps { get; init; }

    /// <summary>Entries of the list that were not event objects and were skipped.</summary>
    public int SkippedEntries { get; init; }
    public string? FirstUserMessage { get; init; }
    public bool Finished { get; init; }
    public string? LastAgentState { get; init; }
    public string? Model { get; init; }
    public TokenUsage AccumulatedTokens { get; init; } = TokenUsage.Zero;
    public decimal? AccumulatedCost { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
}

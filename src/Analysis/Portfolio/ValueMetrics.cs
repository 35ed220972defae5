namespace Martin360.Analysis.Portfolio;

/// <summary>Value per token for one group of runs (an agent and model, or all runs).</summary>
public sealed record ValueMetrics
{
    public required string Agent { get; init; }
    public required string Model { get; init; }
    public required int Runs { get; init; }
    public required int VerifiedCompletions { get; init; }
    public required long Tokens { get; init; }
    public required decimal Usd { get; init; }

    /// <summary>Null when the spend in USD is unknown (never shown as 0).</summary>
    public double? VerifiedPerUsd => Usd > 0 ? VerifiedCompletions / (double)Usd : null;

    public double? VerifiedPerMillionTokens => Tokens > 0 ? VerifiedCompletions * 1_000_000.0 / Tokens : null;
}

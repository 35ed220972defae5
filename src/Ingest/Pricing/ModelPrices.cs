using Martin360.Analysis.Model;

namespace Martin360.Ingest.Pricing;

/// <summary>The token prices of one model at one point in time. A null price means the table has none for that kind.</summary>
public sealed record ModelPrices
{
    public TokenPrice? Input { get; init; }
    public TokenPrice? Output { get; init; }
    public TokenPrice? CacheRead { get; init; }
    public TokenPrice? CacheWrite { get; init; }
    public TokenPrice? CacheWrite1h { get; init; }

    /// <summary>A model with no token price at all (audio by the hour, search by the request) cannot price a step's tokens.</summary>
    public bool CanPriceTokens => Input is not null || Output is not null || CacheRead is not null || CacheWrite is not null || CacheWrite1h is not null;

    /// <summary>
    /// The cost of one request's tokens, following genai-prices: each token kind is priced at its own rate when
    /// the table has one, otherwise at the rate of the kind it belongs to (a cache read without a cache-read
    /// price is an input token). Tiers are chosen by the request's total input tokens.
    /// </summary>
    public decimal Cost(TokenUsage tokens)
    {
        var totalInput = tokens.Input + tokens.CacheRead + tokens.CacheWrite;
        var oneHour = Math.Min(tokens.CacheWrite1h, tokens.CacheWrite);

        var cacheWrite1hLeaf = CacheWrite1h is null ? 0 : oneHour;
        var cacheWriteLeaf = CacheWrite is null ? 0 : tokens.CacheWrite - cacheWrite1hLeaf;
        var cacheReadLeaf = CacheRead is null ? 0 : tokens.CacheRead;
        var inputLeaf = totalInput - cacheReadLeaf - cacheWriteLeaf - cacheWrite1hLeaf;

        return Price(Input, inputLeaf, totalInput)
            + Price(CacheRead, cacheReadLeaf, totalInput)
            + Price(CacheWrite, cacheWriteLeaf, totalInput)
            + Price(CacheWrite1h, cacheWrite1hLeaf, totalInput)
            + Price(Output, tokens.Output, totalInput);
    }

    private static decimal Price(TokenPrice? price, long tokens, long totalInput) =>
        price is null || tokens <= 0 ? 0m : tokens * price.PerMillionAt(totalInput) / 1_000_000m;
}

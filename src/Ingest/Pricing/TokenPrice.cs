namespace Martin360.Ingest.Pricing;

/// <summary>
/// A price in USD per million tokens, optionally tiered: above a tier's start (counted in total input
/// tokens of the request, as genai-prices does) the tier's price applies to all tokens of that kind.
/// </summary>
public sealed record TokenPrice(decimal Base, IReadOnlyList<PriceTier> Tiers)
{
    public static TokenPrice Flat(decimal perMillion) => new(perMillion, []);

    /// <summary>The price per million tokens for a request with this many input tokens (uncached + cached + cache writes).</summary>
    public decimal PerMillionAt(long totalInputTokens)
    {
        var price = Base;
        foreach (var tier in Tiers)
        {
            if (totalInputTokens > tier.Start)
            {
                price = tier.Price;
            }
        }

        return price;
    }
}

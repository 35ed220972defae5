using Martin360.Analysis.Model;
using Martin360.Ingest.Pricing;

namespace Martin360.Ingest.Tests.Pricing;

/// <summary>
/// The embedded table from @pydantic/genai-prices 0.1.8. Expected prices are Anthropic's, OpenAI's and Google's
/// published per-million prices as the package lists them (e.g. claude-sonnet-4: 3 in, 15 out, 0.30 cache read,
/// 3.75 cache write, 6 one-hour cache write); expected costs are that arithmetic done by hand.
/// </summary>
public sealed class PriceTableTests
{
    private static readonly PriceTable s_table = PriceTable.Default;

    [Fact]
    public void Default_EmbeddedTable_HoldsEveryModelOfThePackage()
    {
        // jq '[.providers[].models|length]|add' src/Ingest/Pricing/prices.json
        Assert.Equal(1694, s_table.ModelCount);
        Assert.Equal("@pydantic/genai-prices@0.1.8", s_table.Source);
    }

    [Theory]
    [InlineData("claude-sonnet-4-20250514", "anthropic", "claude-sonnet-4-0")]
    [InlineData("Claude-Sonnet-4-20250514", "anthropic", "claude-sonnet-4-0")]
    [InlineData("anthropic/claude-sonnet-4-20250514", "anthropic", "claude-sonnet-4-0")]
    [InlineData("openrouter/anthropic/claude-sonnet-4", "openrouter", "anthropic/claude-sonnet-4")]
    [InlineData("claude-3-sonnet-20240229", "anthropic", "claude-3-sonnet")]
    [InlineData("gpt-5.3-codex", "openai", "gpt-5.3-codex")]
    [InlineData("gemini-2.5-pro", "google", "gemini-2.5-pro")]
    public void Find_KnownModelIds_ResolveLikeGenaiPrices(string model, string provider, string modelId)
    {
        var match = s_table.Find(model);

        Assert.NotNull(match);
        Assert.Equal(provider, match.ProviderId);
        Assert.Equal(modelId, match.ModelId);
    }

    [Theory]
    [InlineData("synthetic-model")]
    [InlineData("<synthetic>")]
    [InlineData("")]
    [InlineData(null)]
    public void Find_UnknownModel_IsNull(string? model)
    {
        Assert.Null(s_table.Find(model));
        Assert.Null(s_table.Cost(model, new TokenUsage(1000, 1000)));
    }

    [Fact]
    public void Cost_ClaudeSonnet4_PricesEachTokenKindAtItsRate()
    {
        // 1000*3 + 500*15 + 2000*0.3 + 100*3.75 = 11475 per million.
        var cost = s_table.Cost("claude-sonnet-4-20250514", new TokenUsage(1000, 500, 2000, 100));

        Assert.Equal(0.011475m, cost);
    }

    [Fact]
    public void Cost_OneHourCacheWrites_UseTheOneHourRate()
    {
        // 1000 one-hour cache-write tokens at 6 per million, none at the 3.75 five-minute rate.
        var cost = s_table.Cost("claude-sonnet-4-20250514", new TokenUsage(0, 0, 0, 1000) { CacheWrite1h = 1000 });

        Assert.Equal(0.006m, cost);
    }

    [Fact]
    public void Cost_RequestAboveATier_UsesTheTierPriceForAllItsTokens()
    {
        // gemini-2.5-pro above 200k input tokens: 2.50 in, 15 out per million. 300000*2.5 + 1000*15 = 765000 per million.
        Assert.Equal(0.765m, s_table.Cost("gemini-2.5-pro", new TokenUsage(300_000, 1000)));

        // Below the tier: 1.25 in, 10 out. 100000*1.25 + 1000*10 = 135000 per million.
        Assert.Equal(0.135m, s_table.Cost("gemini-2.5-pro", new TokenUsage(100_000, 1000)));
    }

    [Fact]
    public void Cost_DatedPriceChange_AppliesFromItsStartDate()
    {
        // claude-sonnet-4-6 had a >200k tier (6 in, 22.5 out) until 2026-03-13, flat 3/15 from then on.
        var tokens = new TokenUsage(300_000, 1000);

        var before = s_table.Cost("claude-sonnet-4-6", tokens, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var after = s_table.Cost("claude-sonnet-4-6", tokens, new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(1.8225m, before);
        Assert.Equal(0.915m, after);
    }

    [Fact]
    public void Cost_CacheReadsWithoutACacheReadPrice_ArePricedAsInput()
    {
        // claude-2 lists only input (8) and output (24): cached tokens are input tokens to it, as genai-prices counts them.
        Assert.Equal(0.016m, s_table.Cost("claude-2", new TokenUsage(1000, 0, 1000)));
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Martin360.Analysis.Model;

namespace Martin360.Ingest.Pricing;

/// <summary>
/// The LLM price table extracted from @pydantic/genai-prices (tools/prices/extract.mjs writes prices.json,
/// embedded in this assembly). Model ids are resolved the way that package resolves them: the provider by id
/// or its model rule, then the provider's first model whose rule matches, then the id with its date written
/// as YYYY-MM-DD, then the provider's fallback providers. On top of that a provider prefix such as
/// "anthropic/claude-..." or "openrouter/anthropic/claude-..." selects that provider.
/// </summary>
public sealed class PriceTable
{
    public const string ResourceName = "Martin360.Ingest.Pricing.prices.json";

    private static readonly Lazy<PriceTable> s_default = new(LoadEmbedded);

    private readonly IReadOnlyList<ProviderEntry> _providers;
    private readonly ConcurrentDictionary<(string Model, string? Provider), Resolved?> _resolved = new();

    private PriceTable(string source, IReadOnlyList<ProviderEntry> providers)
    {
        Source = source;
        _providers = providers;
    }

    /// <summary>The table embedded in Martin360.Ingest.</summary>
    public static PriceTable Default => s_default.Value;

    /// <summary>The package and version the prices came from.</summary>
    public string Source { get; }

    public int ModelCount => _providers.Sum(p => p.Models.Count);

    /// <summary>Reads a table in the prices.json layout.</summary>
    public static PriceTable Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var source = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "unknown";
        var providers = root.GetProperty("providers").EnumerateArray().Select(ProviderEntry.Parse).ToArray();
        return new PriceTable(source, providers);
    }

    /// <summary>
    /// Resolves a model id to its prices at <paramref name="at"/> (the time of the call; prices change over
    /// time). Null when the table does not know the model.
    /// </summary>
    public PriceMatch? Find(string? model, DateTimeOffset? at = null, string? providerId = null)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return null;
        }

        var key = (model.Trim().ToLowerInvariant(), providerId?.Trim().ToLowerInvariant());
        var resolved = _resolved.GetOrAdd(key, k => Resolve(k.Model, k.Provider));
        return resolved is null ? null : new PriceMatch(resolved.Provider.Id, resolved.Model.Id, resolved.Model.PricesAt(at));
    }

    /// <summary>The cost of one request's tokens, or null when the model is unknown or has no token prices.</summary>
    public decimal? Cost(string? model, TokenUsage tokens, DateTimeOffset? at = null)
    {
        var match = Find(model, at);
        return match is { Prices.CanPriceTokens: true } ? match.Prices.Cost(tokens) : null;
    }

    private Resolved? Resolve(string model, string? providerId)
    {
        if (providerId is not null)
        {
            var named = ProviderById(providerId);
            return named is null ? null : FindInProvider(named, model);
        }

        // genai-prices' own resolution first: the provider whose model rule matches the whole id.
        var provider = _providers.FirstOrDefault(p => p.ModelMatch?.IsMatch(model) == true);
        if (provider is not null && FindInProvider(provider, model) is { } direct)
        {
            return direct;
        }

        // Then a provider prefix: "anthropic/claude-...", "openrouter/anthropic/claude-..." (the rest may carry another prefix).
        var slash = model.IndexOf('/');
        if (slash > 0 && slash < model.Length - 1)
        {
            var rest = model[(slash + 1)..];
            if (ProviderById(model[..slash]) is { } prefixed && (FindInProvider(prefixed, rest) ?? FindInProvider(prefixed, model)) is { } found)
            {
                return found;
            }

            return Resolve(rest, null);
        }

        return null;
    }

    private ProviderEntry? ProviderById(string id) =>
        _providers.FirstOrDefault(p => p.Id == id) ?? _providers.FirstOrDefault(p => p.ProviderMatch?.IsMatch(id) == true);

    private Resolved? FindInProvider(ProviderEntry provider, string model)
    {
        var found = FindModel(provider, model, withFallbacks: true);
        if (found is null)
        {
            var dated = DatedModelId.Normalise(model);
            if (dated != model)
            {
                found = FindModel(provider, dated, withFallbacks: true);
            }
        }

        return found;
    }

    private Resolved? FindModel(ProviderEntry provider, string model, bool withFallbacks)
    {
        var entry = provider.Models.FirstOrDefault(m => m.Match.IsMatch(model));
        if (entry is not null)
        {
            return new Resolved(provider, entry);
        }

        if (!withFallbacks)
        {
            return null;
        }

        foreach (var fallbackId in provider.FallbackProviders)
        {
            var fallback = _providers.FirstOrDefault(p => p.Id == fallbackId);
            if (fallback is not null && FindModel(fallback, model, withFallbacks: false) is { } viaFallback)
            {
                return viaFallback with { Provider = provider };
            }
        }

        return null;
    }

    private static PriceTable LoadEmbedded()
    {
        using var stream = typeof(PriceTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded price table {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private sealed record Resolved(ProviderEntry Provider, ModelEntry Model);

    private sealed record ProviderEntry(
        string Id,
        MatchRule? ModelMatch,
        MatchRule? ProviderMatch,
        IReadOnlyList<string> FallbackProviders,
        IReadOnlyList<ModelEntry> Models)
    {
        public static ProviderEntry Parse(JsonElement element) => new(
            element.GetProperty("id").GetString()!,
            element.TryGetProperty("model_match", out var modelMatch) ? MatchRule.Parse(modelMatch) : null,
            element.TryGetProperty("provider_match", out var providerMatch) ? MatchRule.Parse(providerMatch) : null,
            element.TryGetProperty("fallback_model_providers", out var fallbacks)
                ? fallbacks.EnumerateArray().Select(f => f.GetString()!).ToArray()
                : [],
            element.GetProperty("models").EnumerateArray().Select(ModelEntry.Parse).ToArray());
    }

    private sealed record ModelEntry(string Id, MatchRule Match, IReadOnlyList<PriceEntry> Prices)
    {
        public static ModelEntry Parse(JsonElement element) => new(
            element.GetProperty("id").GetString()!,
            MatchRule.Parse(element.GetProperty("match")),
            element.GetProperty("prices").EnumerateArray().Select(PriceEntry.Parse).ToArray());

        /// <summary>The last price entry whose constraint holds, as genai-prices picks it; without a time, dated changes count as passed.</summary>
        public ModelPrices PricesAt(DateTimeOffset? at)
        {
            for (var i = Prices.Count - 1; i >= 0; i--)
            {
                if (Prices[i].AppliesAt(at))
                {
                    return Prices[i].Prices;
                }
            }

            return Prices.Count > 0 ? Prices[0].Prices : new ModelPrices();
        }
    }

    private sealed record PriceEntry(DateTimeOffset? StartDate, (TimeSpan Start, TimeSpan End)? TimeOfDay, bool Unsupported, ModelPrices Prices)
    {
        public bool AppliesAt(DateTimeOffset? at)
        {
            if (Unsupported)
            {
                return false;
            }

            if (StartDate is { } start)
            {
                return at is null || at.Value >= start;
            }

            if (TimeOfDay is var (from, to))
            {
                if (at is null)
                {
                    return false;
                }

                var now = at.Value.UtcDateTime.TimeOfDay;
                return to < from ? now >= from || now < to : now >= from && now < to;
            }

            return true;
        }

        public static PriceEntry Parse(JsonElement element)
        {
            DateTimeOffset? startDate = null;
            (TimeSpan, TimeSpan)? timeOfDay = null;
            var unsupported = false;
            if (element.TryGetProperty("constraint", out var constraint))
            {
                if (constraint.TryGetProperty("start_date", out var date)
                    && DateTimeOffset.TryParse(date.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    startDate = parsed;
                }
                else if (constraint.TryGetProperty("start_time", out var from) && constraint.TryGetProperty("end_time", out var to)
                    && TryParseTimeOfDay(from.GetString(), out var fromUtc) && TryParseTimeOfDay(to.GetString(), out var toUtc))
                {
                    timeOfDay = (fromUtc, toUtc);
                }
                else
                {
                    unsupported = true;
                }
            }

            var prices = element.GetProperty("prices");
            return new PriceEntry(startDate, timeOfDay, unsupported, new ModelPrices
            {
                Input = ReadPrice(prices, "input_mtok"),
                Output = ReadPrice(prices, "output_mtok"),
                CacheRead = ReadPrice(prices, "cache_read_mtok"),
                CacheWrite = ReadPrice(prices, "cache_write_mtok"),
                CacheWrite1h = ReadPrice(prices, "cache_write_1h_mtok"),
            });
        }

        /// <summary>"HH:MM:SS[.fff](Z|+HH:MM)" to a UTC time of day.</summary>
        private static bool TryParseTimeOfDay(string? text, out TimeSpan utc)
        {
            utc = default;
            if (text is null || !DateTimeOffset.TryParseExact("2000-01-01T" + text, ["yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"],
                    CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return false;
            }

            utc = parsed.UtcDateTime.TimeOfDay;
            return true;
        }

        private static TokenPrice? ReadPrice(JsonElement prices, string key)
        {
            if (!prices.TryGetProperty(key, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number)
            {
                return TokenPrice.Flat(value.GetDecimal());
            }

            var tiers = value.GetProperty("tiers").EnumerateArray()
                .Select(t => new PriceTier(t.GetProperty("start").GetInt64(), t.GetProperty("price").GetDecimal()))
                .OrderBy(t => t.Start)
                .ToArray();
            return new TokenPrice(value.GetProperty("base").GetDecimal(), tiers);
        }
    }
}

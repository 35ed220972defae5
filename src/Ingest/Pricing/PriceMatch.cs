namespace Martin360.Ingest.Pricing;

/// <summary>Which provider and model of the price table a model id resolved to, and its prices at the given time.</summary>
public sealed record PriceMatch(string ProviderId, string ModelId, ModelPrices Prices);

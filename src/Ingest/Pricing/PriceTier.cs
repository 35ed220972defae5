namespace Martin360.Ingest.Pricing;

/// <summary>From <see cref="Start"/> input tokens on, <see cref="Price"/> USD per million tokens applies.</summary>
public sealed record PriceTier(long Start, decimal Price);

namespace Martin360.Ingest.Http;

/// <summary>A finding with wire names (the analyze output contract uses the same shape).</summary>
public sealed record FindingView(string Kind, string Severity, double Confidence, IReadOnlyList<long> Steps, string Summary, long WastedTokens, decimal WastedUsd);

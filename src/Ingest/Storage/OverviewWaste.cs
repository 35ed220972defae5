namespace Martin360.Ingest.Storage;

/// <summary>USD wasted by findings of one kind (wire name) over a date range, and how many runs had such a finding.</summary>
public sealed record OverviewWaste(string Kind, double WastedUsd, int Runs);

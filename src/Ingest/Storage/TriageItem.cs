namespace Martin360.Ingest.Storage;

/// <summary>A run that needs a human, with its triage state.</summary>
public sealed record TriageItem(RunRecord Run, ReviewRecord? Review);

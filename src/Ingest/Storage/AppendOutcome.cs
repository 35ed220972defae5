namespace Martin360.Ingest.Storage;

/// <summary>What an append stored: new steps, re-sent ones (not stored again), and the run after it.</summary>
public sealed record AppendOutcome(RunRecord Run, int Accepted, int Duplicates);

namespace Martin360.Ingest.Storage;

public sealed record RunPage(IReadOnlyList<RunRecord> Items, int Total);

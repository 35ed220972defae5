namespace Martin360.Ingest.Http;

public sealed record VerdictView(string Action, IReadOnlyList<string> Reasons);

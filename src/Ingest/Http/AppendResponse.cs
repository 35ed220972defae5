namespace Martin360.Ingest.Http;

/// <summary>Answer to an append: what was stored and what the agent should do next.</summary>
public sealed record AppendResponse(string RunId, int Accepted, int Duplicates, VerdictView Verdict);

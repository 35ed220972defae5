namespace Martin360.Ingest.Policies;

/// <summary>A saved version of a project's policy: who saved it, when, and what it changed.</summary>
public sealed record PolicyVersion(string Project, int Version, Policy Policy, string Author, string ChangeSummary, DateTimeOffset CreatedAt);

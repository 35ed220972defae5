namespace Martin360.Ingest.Import;

/// <summary>One run an import created or added to.</summary>
public sealed record ImportedRun(string RunId, string? Title, int StepsAccepted, int StepsDuplicate, string? Outcome);

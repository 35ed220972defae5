namespace Martin360.Ingest.Policies;

/// <summary>The answer to a save: the new version, or the validation errors that kept it from being saved.</summary>
public sealed record PolicySaveResult(PolicyVersion? Saved, IReadOnlyList<PolicyError> Errors);

namespace Martin360.Analysis.Findings;

/// <summary>Whether a run's claim of being done is backed by a verifier. First-class in every result.</summary>
public sealed record VerificationRecord
{
    public required bool ClaimedDone { get; init; }
    public required int VerifierRuns { get; init; }
    public required bool? LastVerifierPassed { get; init; }
    public required bool VerifiedAfterLastEdit { get; init; }
}

using System.Text.Json.Serialization;

namespace Martin360.Ingest.Http;

/// <summary>A run's verification record on the wire; lastVerifierPassed is always written, null meaning "no verifier ran".</summary>
public sealed record VerificationView(
    bool ClaimedDone,
    int VerifierRuns,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] bool? LastVerifierPassed,
    bool VerifiedAfterLastEdit);

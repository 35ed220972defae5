using Martin360.Analysis.Findings;

namespace Martin360.Analysis.Engine;

/// <summary>The verification record with the step indices it was judged from (-1 when there is none).</summary>
public sealed record VerificationPoints(VerificationRecord Record, int LastEdit, int LastVerifier, int LastClaim);

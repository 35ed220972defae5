namespace Martin360.Analysis.Findings;

/// <summary>Everything analysis says about one run.</summary>
public sealed record AnalysisResult
{
    public required Outcome Outcome { get; init; }
    public required VerificationRecord Verification { get; init; }
    public required IReadOnlyList<Finding> Findings { get; init; }
    public required IReadOnlyList<string> Recommendations { get; init; }
}

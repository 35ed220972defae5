using Martin360.Ingest.Http;

namespace Martin360.Dashboard.Export;

/// <summary>What analysis concluded about a run, as the JSON export carries it next to the trace.</summary>
public sealed record RunAnalysisDto
{
    public string? Outcome { get; init; }
    public VerificationView? Verification { get; init; }
    public IReadOnlyList<FindingView> Findings { get; init; } = [];
    public IReadOnlyList<string> Recommendations { get; init; } = [];
}

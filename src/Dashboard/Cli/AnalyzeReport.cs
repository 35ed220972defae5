namespace Martin360.Dashboard.Cli;

/// <summary>One line of `martin360 analyze --json`: the stable output contract.</summary>
public sealed record AnalyzeReport
{
    public required string Source { get; init; }
    public required string Format { get; init; }
    public required string RunId { get; init; }
    public string? Agent { get; init; }
    public required IReadOnlyList<string> Models { get; init; }
    public required int Steps { get; init; }
    public required AnalyzeTokens Tokens { get; init; }
    public required decimal? CostUsd { get; init; }
    public required string CostProvenance { get; init; }
    public required Martin360.Ingest.Http.VerificationView Verification { get; init; }
    public required string Outcome { get; init; }
    public required IReadOnlyList<Martin360.Ingest.Http.FindingView> Findings { get; init; }
    public required IReadOnlyList<string> Recommendations { get; init; }
}

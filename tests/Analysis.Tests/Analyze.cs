using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;

namespace Martin360.Analysis.Tests;

/// <summary>Shortcuts for tests: analyse a trace and pick findings of one kind.</summary>
internal static class Analyze
{
    public static AnalysisResult Run(TraceBuilder builder) => TraceAnalyzer.Analyze(builder.Build());

    public static IReadOnlyList<Finding> Findings(TraceBuilder builder, FindingKind kind) =>
        Run(builder).Findings.Where(f => f.Kind == kind).ToList();

    public static IReadOnlyList<Finding> Findings(Trace trace, FindingKind kind) =>
        TraceAnalyzer.Analyze(trace).Findings.Where(f => f.Kind == kind).ToList();
}

using Martin360.Analysis.Model;

namespace Martin360.Ingest.Tests.Adapters;

/// <summary>A trace's steps counted by kind, in the enum's order, e.g. "ShellCommand=2, FileRead=1": one readable assertion per trace.</summary>
internal static class StepKindCounts
{
    public static string Of(Trace trace) => string.Join(", ", Enum.GetValues<StepKind>()
        .Select(kind => (kind, count: trace.Steps.Count(s => s.Kind == kind)))
        .Where(x => x.count > 0)
        .Select(x => $"{x.kind}={x.count}"));
}

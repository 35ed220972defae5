using Martin360.Analysis.Model;
using Martin360.Ingest;
using Martin360.Ingest.Adapters;
using Martin360.Tests.Shared;

namespace Martin360.Analysis.Tests.RealTraces;

/// <summary>
/// Reads a real trace the way every door does (the server, `martin360 analyze`): the adapter's mapping, then enrichment
/// (verifier runs recognised, costs computed). Analysis is always judged on the enriched trace.
/// </summary>
internal static class RealTrace
{
    public static IReadOnlyList<Trace> ReadAll(string relative) =>
        TraceFormats.CreateDefault().Read(relative, TraceFiles.Read(relative)).Traces.Select(TraceEnrichment.Default.Enrich).ToArray();

    public static Trace Read(string relative, int run = 0)
    {
        var traces = ReadAll(relative);
        Assert.True(traces.Count > run, $"{relative} gave {traces.Count} runs; run {run} was asked for");
        return traces[run];
    }
}

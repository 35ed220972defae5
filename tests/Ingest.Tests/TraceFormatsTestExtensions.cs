using Martin360.Ingest.Adapters;

namespace Martin360.Ingest.Tests;

/// <summary>Reads a trace the way every door into Martin360 does: the adapter, then enrichment (verifier runs, computed cost).</summary>
internal static class TraceFormatsTestExtensions
{
    public static AdapterResult ReadEnriched(this TraceFormats formats, string sourceName, string content, string? format = null)
    {
        var result = formats.Read(sourceName, content, format);
        return result with { Traces = result.Traces.Select(TraceEnrichment.Default.Enrich).ToArray() };
    }
}

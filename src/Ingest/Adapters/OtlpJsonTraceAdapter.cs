using System.Text.Json;
using System.Text.RegularExpressions;
using Martin360.Ingest.Otlp;

namespace Martin360.Ingest.Adapters;

/// <summary>
/// Reads files of OTLP/JSON trace exports: one ExportTraceServiceRequest object (resourceSpans), or JSONL of them
/// (what the OpenTelemetry Collector's file exporter writes). All lines convert together, so a conversation
/// split over several export batches is one run. A bad line or span is reported and skipped; the rest imports.
/// </summary>
public sealed partial class OtlpJsonTraceAdapter : ITraceAdapter
{
    public string Format => "otlp-json";

    // An ExportTraceServiceRequest has one field, so a real export starts with it; that keeps detection strict.
    public bool CanRead(TraceSample sample) =>
        sample.LooksLikeJsonObject && StartsLikeExport().IsMatch(sample.Head);

    public AdapterResult Read(string sourceName, string content)
    {
        var inputs = new List<OtlpSpanInput>();
        var issues = new List<ImportIssue>();
        var rejectedSpans = 0;
        var badRecords = 0;

        foreach (var (text, line) in Documents(content))
        {
            try
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
                if (!OtlpJsonReader.TryRead(document.RootElement, line, inputs, issues, out var rejected))
                {
                    badRecords++;
                }

                rejectedSpans += rejected;
            }
            catch (JsonException exception)
            {
                issues.Add(IngestJson.ToIssue(exception, (line ?? 1) - 1));
                badRecords++;
            }
        }

        var result = OtlpTraceConverter.Convert(inputs, issues, rejectedSpans);
        return new AdapterResult
        {
            Format = Format,
            Traces = result.Traces,
            Issues = result.Issues,
            RejectedRecords = badRecords + result.RejectedSpans,
        };
    }

    /// <summary>
    /// The JSON documents of the content, each with its line in JSONL (null for one pretty-printed document, whose
    /// spans have no line of their own): JSONL when the first non-empty line is a complete JSON value by itself.
    /// </summary>
    private static IEnumerable<(string Text, int? Line)> Documents(string content)
    {
        var lines = content.Split('\n');
        var first = Array.FindIndex(lines, l => !string.IsNullOrWhiteSpace(l));
        if (first < 0 || !IsCompleteJson(lines[first]))
        {
            yield return (content, null);
            yield break;
        }

        for (var i = first; i < lines.Length; i++)
        {
            if (!string.IsNullOrWhiteSpace(lines[i]))
            {
                yield return (lines[i].TrimEnd('\r'), i + 1);
            }
        }
    }

    private static bool IsCompleteJson(string line)
    {
        try
        {
            using var _ = JsonDocument.Parse(line);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex("""^\{\s*"(resourceSpans|resource_spans)"\s*:\s*\[""")]
    private static partial Regex StartsLikeExport();
}

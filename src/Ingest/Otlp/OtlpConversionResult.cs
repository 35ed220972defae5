using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters;

namespace Martin360.Ingest.Otlp;

/// <summary>
/// What one OTLP export request (or OTLP JSON file) turned into, with the counts an OTLP receiver answers with:
/// rejected spans and an error message become ExportTracePartialSuccess (see <see cref="OtlpExportResponse"/>).
/// </summary>
public sealed record OtlpConversionResult
{
    public required IReadOnlyList<Trace> Traces { get; init; }

    /// <summary>Spans that became a run header or a step.</summary>
    public int AcceptedSpans { get; init; }

    /// <summary>Spans that could not be read (missing or malformed ids, bad structure). Reported as rejected_spans.</summary>
    public int RejectedSpans { get; init; }

    /// <summary>Valid spans of traces that carry no GenAI span at all (plain HTTP, DB, ... telemetry): not an agent run.</summary>
    public int IgnoredSpans { get; init; }

    /// <summary>A short, human message for partial_success.error_message; null when everything was accepted.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>True when the body as a whole could not be read (not protobuf, not JSON): answer 400, nothing imported.</summary>
    public bool IsInvalidRequest { get; init; }

    /// <summary>Every problem with where it was found (JSON path, line).</summary>
    public IReadOnlyList<ImportIssue> Issues { get; init; } = [];

    public static OtlpConversionResult Invalid(string message, int? line = null, string? path = null) => new()
    {
        Traces = [],
        IsInvalidRequest = true,
        ErrorMessage = message,
        Issues = [new ImportIssue(ImportIssueLevel.Error, message, line, path)],
    };
}

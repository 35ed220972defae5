using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters.Common;

namespace Martin360.Ingest.Adapters.MartinLoop;

/// <summary>
/// Reads MartinLoop's persisted runs: LoopRecord documents (one JSON object, or JSONL with one per line) and the
/// write-side ledger.jsonl ({kind, runId, attemptIndex, timestamp, payload} per line). Attempts become steps,
/// failure classes mark them as errors, the budget becomes the run's budget, and the reported cost is kept.
/// </summary>
public sealed partial class MartinLoopAdapter : ITraceAdapter
{
    public const string FormatName = "martinloop";

    public string Format => FormatName;

    // Both alternatives of the record hint name "loopId": without it the pattern (which tries at every quote) cannot match.
    public bool CanRead(TraceSample sample) =>
        sample.LooksLikeJsonObject
        && ((sample.Head.Contains("\"loopId\"", StringComparison.Ordinal) && LoopRecordHint().IsMatch(sample.Head))
            || (sample.FirstLine is { } first && LedgerHint().IsMatch(first)));

    public AdapterResult Read(string sourceName, string content)
    {
        var issues = new List<ImportIssue>();
        var traces = new List<Trace>();
        var ledger = new List<(JsonElement Entry, int Line)>();
        var rejected = 0;

        // A single pretty-printed LoopRecord is one document; anything else is read line by line.
        foreach (var (element, line) in Documents(content, issues, ref rejected))
        {
            if (element.TryGetProperty("loopId", out _))
            {
                if (LoopRecordReader.Read(element, line, issues) is { } trace)
                {
                    traces.Add(trace);
                }
                else
                {
                    rejected++;
                }
            }
            else if (element.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String
                     && element.TryGetProperty("runId", out var runId) && runId.ValueKind == JsonValueKind.String)
            {
                ledger.Add((element, line));
            }
            else
            {
                issues.Add(new ImportIssue(ImportIssueLevel.Error, "neither a LoopRecord (loopId) nor a ledger entry (kind, runId)", line, "$"));
                rejected++;
            }
        }

        traces.AddRange(LedgerReader.Read(ledger));
        return new AdapterResult { Format = Format, Traces = traces, Issues = issues, RejectedRecords = rejected };
    }

    private static List<(JsonElement Element, int Line)> Documents(string content, List<ImportIssue> issues, ref int rejected)
    {
        var documents = new List<(JsonElement, int)>();
        var trimmed = content.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (trimmed.StartsWith('{') && trimmed.AsSpan().TrimEnd().IndexOf('\n') > 0)
        {
            // More than one line: either JSONL or one indented object. Try the whole text first.
            try
            {
                using var whole = JsonDocument.Parse(content);
                if (whole.RootElement.ValueKind == JsonValueKind.Object)
                {
                    documents.Add((whole.RootElement.Clone(), 1));
                    return documents;
                }
            }
            catch (JsonException)
            {
                // Not a single document: read it as JSONL below.
            }
        }

        documents.AddRange(JsonLines.Parse(content, issues, out var bad).Select(l => (l.Root, l.Number)));
        rejected += bad;
        return documents;
    }

    internal static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    internal static decimal? Decimal(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d)
            ? d
            : null;

    internal static long? Long(JsonElement element, string name) =>
        Decimal(element, name) is { } d && d >= 0 && d <= long.MaxValue ? (long)d : null;

    internal static JsonElement Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : default;

    internal static DateTimeOffset? Time(JsonElement element, string name) =>
        String(element, name) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    internal static Step NewStep(string runId, int sequence, StepKind kind) => new()
    {
        Id = DeterministicId.From(runId, sequence.ToString(CultureInfo.InvariantCulture)),
        Sequence = sequence,
        Kind = kind,
    };

    /// <summary>How a loop's lifecycle state reads as the status its agent reported.</summary>
    internal static RunStatus StatusOf(string? status, string? lifecycle) => (status, lifecycle) switch
    {
        (_, "completed") or ("completed", _) => RunStatus.Completed,
        ("failed", _) => RunStatus.Failed,
        (_, "budget_exit" or "stuck_exit" or "diminishing_returns" or "human_escalation") or ("exited", _) => RunStatus.Aborted,
        ("queued" or "running" or "verifying", _) or (_, "created" or "running" or "verifying") => RunStatus.Running,
        _ => RunStatus.Unknown,
    };

    [GeneratedRegex(@"""loopId""\s*:\s*""[^""]*""[\s\S]{0,4000}?""(?:attempts|lifecycleState|budget)""\s*:|""(?:attempts|lifecycleState)""[\s\S]{0,4000}?""loopId""\s*:")]
    private static partial Regex LoopRecordHint();

    [GeneratedRegex(@"""kind""\s*:\s*""(?:contract\.created|attempt\.(?:admitted|rejected|kept|discarded)|prompt\.compiled|patch\.generated|verification\.completed|grounding\.violations_found|safety\.violations_found|budget\.settled|run\.exited)""")]
    private static partial Regex LedgerHint();
}

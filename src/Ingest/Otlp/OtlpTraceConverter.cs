using System.Text.Json;
using Google.Protobuf;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Otlp.Protos.Collector.Trace.V1;
using Martin360.Ingest.Otlp.Protos.Resource.V1;

namespace Martin360.Ingest.Otlp;

/// <summary>
/// Turns OTLP trace exports (protobuf or OTLP/JSON) that follow the OpenTelemetry GenAI semantic conventions into
/// runs and steps. Pure: no I/O, no clock. Never throws for bad input.
/// <list type="bullet">
/// <item>Spans are grouped into runs by gen_ai.conversation.id (a span's own, else the first one seen in its trace), else by trace id.</item>
/// <item>Top-level invoke_agent spans make the run header; chat/generate_content/text_completion/embeddings spans are model calls,
/// execute_tool spans tool calls (shell tools become shell commands); any other span of a GenAI trace becomes an Other step,
/// so the parent chain stays whole.</item>
/// <item>Traces with no gen_ai.* attribute at all are not agent runs: their spans are counted as ignored, not rejected.</item>
/// <item>A span without a valid trace or span id is rejected alone; the rest still convert.</item>
/// </list>
/// </summary>
public static class OtlpTraceConverter
{
    /// <summary>The run source format for everything that arrives as OTLP, over HTTP or from a file.</summary>
    public const string Format = "otlp";

    private const int MaxListedIssues = 200;

    private static readonly JsonDocumentOptions s_jsonOptions = new() { MaxDepth = 64 };

    /// <summary>Reads an application/x-protobuf body.</summary>
    public static OtlpConversionResult FromProtobuf(ReadOnlySpan<byte> body)
    {
        ExportTraceServiceRequest request;
        try
        {
            request = ExportTraceServiceRequest.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException exception)
        {
            return OtlpConversionResult.Invalid("The body is not a protobuf OTLP ExportTraceServiceRequest: " + exception.Message);
        }

        return Convert(request);
    }

    /// <summary>Reads an application/json (OTLP/JSON) body.</summary>
    public static OtlpConversionResult FromJson(ReadOnlyMemory<byte> utf8Body) => FromJson(() => JsonDocument.Parse(utf8Body, s_jsonOptions));

    /// <inheritdoc cref="FromJson(ReadOnlyMemory{byte})"/>
    public static OtlpConversionResult FromJson(string json) => FromJson(() => JsonDocument.Parse(json, s_jsonOptions));

    /// <summary>Converts an already parsed request.</summary>
    public static OtlpConversionResult Convert(ExportTraceServiceRequest request)
    {
        var inputs = new List<OtlpSpanInput>();
        for (var i = 0; i < request.ResourceSpans.Count; i++)
        {
            var resourceSpans = request.ResourceSpans[i];
            for (var j = 0; j < resourceSpans.ScopeSpans.Count; j++)
            {
                var spans = resourceSpans.ScopeSpans[j].Spans;
                for (var k = 0; k < spans.Count; k++)
                {
                    inputs.Add(new OtlpSpanInput(spans[k], resourceSpans.Resource, $"$.resourceSpans[{i}].scopeSpans[{j}].spans[{k}]"));
                }
            }
        }

        return Convert(inputs, [], rejected: 0);
    }

    /// <summary>The shared core: validates spans, groups them into runs and maps them.</summary>
    internal static OtlpConversionResult Convert(IReadOnlyList<OtlpSpanInput> inputs, List<ImportIssue> issues, int rejected)
    {
        var records = new List<OtlpSpanRecord>(inputs.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var resources = new Dictionary<Resource, OtlpAttributes>(ReferenceEqualityComparer.Instance);
        foreach (var input in inputs)
        {
            var problem = Validate(input.Span);
            var record = problem is null ? ToRecord(input, resources) : null;
            if (record is not null && !seen.Add(record.Key))
            {
                problem = $"span rejected: duplicate span id {record.SpanId} in trace {record.TraceId}";
            }

            if (problem is not null || record is null)
            {
                issues.Add(new ImportIssue(ImportIssueLevel.Error, problem ?? "span rejected", input.Line, input.Path));
                rejected++;
                continue;
            }

            records.Add(record);
        }

        var traces = new List<Trace>();
        var ignored = 0;
        var ignoredTraces = 0;
        foreach (var group in GroupIntoRuns(records))
        {
            if (!group.Spans.Any(s => s.Attributes.HasGenAi))
            {
                ignored += group.Spans.Count;
                ignoredTraces++;
                continue;
            }

            traces.Add(OtlpRunBuilder.Build(group.Key, group.Spans));
        }

        if (ignored > 0)
        {
            issues.Add(new ImportIssue(ImportIssueLevel.Warning,
                $"{ignored} span(s) in {ignoredTraces} trace(s) ignored: they carry no gen_ai.* attributes, so they are not an agent run"));
        }

        return new OtlpConversionResult
        {
            Traces = traces,
            AcceptedSpans = records.Count - ignored,
            RejectedSpans = rejected,
            IgnoredSpans = ignored,
            ErrorMessage = Summarize(issues, rejected, rejected + records.Count),
            Issues = Cap(issues),
        };
    }

    private static OtlpConversionResult FromJson(Func<JsonDocument> parse)
    {
        JsonDocument document;
        try
        {
            document = parse();
        }
        catch (JsonException exception)
        {
            var issue = IngestJson.ToIssue(exception);
            return OtlpConversionResult.Invalid("The body is not valid JSON: " + issue.ToString(), issue.Line, issue.Path);
        }

        using (document)
        {
            var inputs = new List<OtlpSpanInput>();
            var issues = new List<ImportIssue>();
            if (!OtlpJsonReader.TryRead(document.RootElement, line: null, inputs, issues, out var rejected))
            {
                return OtlpConversionResult.Invalid("The body is not an OTLP/JSON ExportTraceServiceRequest: " + issues[^1].ToString());
            }

            return Convert(inputs, issues, rejected);
        }
    }

    private static string? Validate(Protos.Trace.V1.Span span)
    {
        if (span.TraceId.Length != 16 || span.TraceId.Span.IndexOfAnyExcept((byte)0) < 0)
        {
            return span.TraceId.IsEmpty
                ? "span rejected: traceId is missing"
                : "span rejected: traceId must be 16 bytes and not all zero";
        }

        if (span.SpanId.Length != 8 || span.SpanId.Span.IndexOfAnyExcept((byte)0) < 0)
        {
            return span.SpanId.IsEmpty
                ? "span rejected: spanId is missing"
                : "span rejected: spanId must be 8 bytes and not all zero";
        }

        return span.ParentSpanId.Length is 0 or 8 ? null : "span rejected: parentSpanId must be empty or 8 bytes";
    }

    private static OtlpSpanRecord ToRecord(OtlpSpanInput input, Dictionary<Resource, OtlpAttributes> resources)
    {
        var span = input.Span;
        var resourceAttributes = OtlpAttributes.Empty;
        if (input.Resource is { } resource && !resources.TryGetValue(resource, out resourceAttributes!))
        {
            resourceAttributes = OtlpAttributes.Of(resource.Attributes);
            resources[resource] = resourceAttributes;
        }

        // An all-zero parent id is how some SDKs say "root".
        var parent = span.ParentSpanId.Length == 8 && span.ParentSpanId.Span.IndexOfAnyExcept((byte)0) >= 0
            ? System.Convert.ToHexStringLower(span.ParentSpanId.Span)
            : null;
        return new OtlpSpanRecord(
            span,
            System.Convert.ToHexStringLower(span.TraceId.Span),
            System.Convert.ToHexStringLower(span.SpanId.Span),
            parent,
            OtlpAttributes.Of(span.Attributes),
            resourceAttributes);
    }

    /// <summary>Groups spans into runs, in a stable order: by conversation id, else by trace; runs ordered by first start.</summary>
    private static IEnumerable<(string Key, IReadOnlyList<OtlpSpanRecord> Spans)> GroupIntoRuns(List<OtlpSpanRecord> records)
    {
        var ordered = records.OrderBy(r => r.Start).ThenBy(r => r.TraceId, StringComparer.Ordinal).ThenBy(r => r.SpanId, StringComparer.Ordinal).ToList();

        // Instrumentations often put the conversation id on the invoke_agent span only; its children share the trace.
        var traceConversation = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var record in ordered)
        {
            if (record.Attributes.Text(GenAiAttributes.ConversationId) is { } conversation)
            {
                traceConversation.TryAdd(record.TraceId, conversation);
            }
        }

        return ordered
            .GroupBy(r => r.Attributes.Text(GenAiAttributes.ConversationId) is { } own
                ? "conversation:" + own
                : traceConversation.TryGetValue(r.TraceId, out var shared) ? "conversation:" + shared : "trace:" + r.TraceId,
                StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<OtlpSpanRecord>)g.ToList()));
    }

    private static string? Summarize(List<ImportIssue> issues, int rejected, int total)
    {
        var parts = new List<string>();
        if (rejected > 0)
        {
            var errors = issues.Where(i => i.Level == ImportIssueLevel.Error).ToList();
            var first = errors.Count > 0 ? ": " + errors[0] : "";
            var more = errors.Count > 1 ? $" (and {errors.Count - 1} more)" : "";
            parts.Add($"{rejected} of {total} span(s) rejected{first}{more}");
        }

        parts.AddRange(issues.Where(i => i.Level == ImportIssueLevel.Warning && i.Path is null).Select(i => i.Message));
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private static List<ImportIssue> Cap(List<ImportIssue> issues)
    {
        if (issues.Count <= MaxListedIssues)
        {
            return issues;
        }

        var capped = issues.Take(MaxListedIssues).ToList();
        capped.Add(new ImportIssue(ImportIssueLevel.Warning, $"{issues.Count - MaxListedIssues} more issue(s) not listed"));
        return capped;
    }
}

using System.Text.Json.Nodes;

namespace Martin360.Ingest.Tests.Otlp;

/// <summary>Small OTLP/JSON builders for tests that need a variant of a request.</summary>
internal static class OtlpJson
{
    /// <summary>One span with string attributes, in OTLP/JSON; times are seconds after 2026-01-15T10:00:00Z.</summary>
    public static string Span(string traceId, string spanId, string name, int second, string? parent = null, params (string Key, string Value)[] attributes)
    {
        var start = 1768471200L + second;
        var attributeJson = string.Join(", ", attributes.Select(a =>
            "{\"key\": " + JsonValue.Create(a.Key).ToJsonString() + ", \"value\": {\"stringValue\": " + JsonValue.Create(a.Value).ToJsonString() + "}}"));
        var parentJson = parent is null ? "" : $"\"parentSpanId\": \"{parent}\", ";
        return $$"""
            {"traceId": "{{traceId}}", "spanId": "{{spanId}}", {{parentJson}}"name": "{{name}}", "kind": 1,
             "startTimeUnixNano": "{{start}}000000000", "endTimeUnixNano": "{{start + 1}}000000000",
             "attributes": [{{attributeJson}}]}
            """;
    }

    /// <summary>An ExportTraceServiceRequest with one resource and one scope holding the spans.</summary>
    public static string Request(params string[] spans) =>
        $$"""{"resourceSpans": [{"resource": {"attributes": []}, "scopeSpans": [{"spans": [{{string.Join(",\n", spans)}}]}]}]}""";

    /// <summary>Splits the scenario's spans over one-line export requests (JSONL), as batches would arrive.</summary>
    public static string ToJsonl(string request, params int[][] spanIndexesPerLine)
    {
        var root = JsonNode.Parse(request)!;
        var resourceSpans = root["resourceSpans"]![0]!;
        var spans = resourceSpans["scopeSpans"]![0]!["spans"]!.AsArray();
        var lines = spanIndexesPerLine.Select(indexes =>
        {
            var line = new JsonObject
            {
                ["resourceSpans"] = new JsonArray(new JsonObject
                {
                    ["resource"] = resourceSpans["resource"]!.DeepClone(),
                    ["scopeSpans"] = new JsonArray(new JsonObject
                    {
                        ["spans"] = new JsonArray(indexes.Select(i => spans[i]!.DeepClone()).ToArray()),
                    }),
                }),
            };
            return line.ToJsonString();
        });
        return string.Join("\n", lines) + "\n";
    }
}

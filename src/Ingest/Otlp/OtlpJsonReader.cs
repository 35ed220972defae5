using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Otlp.Protos.Common.V1;
using Martin360.Ingest.Otlp.Protos.Resource.V1;
using Martin360.Ingest.Otlp.Protos.Trace.V1;

namespace Martin360.Ingest.Otlp;

/// <summary>
/// Reads the OTLP/JSON encoding into the protobuf messages. Google.Protobuf's JsonParser cannot: OTLP/JSON writes
/// trace and span ids as hex, not base64. Also accepts what the protobuf JSON mapping allows (snake_case names,
/// enum names, 64-bit integers as numbers or strings) and ignores unknown fields, as OTLP receivers must.
/// A span that cannot be read is rejected alone, with its JSON path; the others are kept.
/// </summary>
internal static class OtlpJsonReader
{
    /// <summary>Reads one ExportTraceServiceRequest object; returns false when the root is not one (nothing read).</summary>
    public static bool TryRead(JsonElement root, int? line, List<OtlpSpanInput> spans, List<ImportIssue> issues, out int rejected)
    {
        rejected = 0;
        if (root.ValueKind != JsonValueKind.Object)
        {
            issues.Add(new ImportIssue(ImportIssueLevel.Error, "expected an OTLP ExportTraceServiceRequest object with resourceSpans", line, "$"));
            return false;
        }

        if (!TryArray(root, "resourceSpans", "resource_spans", "$", line, issues, out var resourceSpans))
        {
            return false;
        }

        for (var i = 0; i < resourceSpans.Count; i++)
        {
            var resourcePath = $"$.resourceSpans[{i}]";
            var element = resourceSpans[i];
            if (element.ValueKind != JsonValueKind.Object)
            {
                issues.Add(new ImportIssue(ImportIssueLevel.Error, "expected a ResourceSpans object", line, resourcePath));
                continue;
            }

            var resource = new Resource();
            if (Property(element, "resource", "resource") is { ValueKind: JsonValueKind.Object } resourceElement)
            {
                ReadAttributes(resourceElement, resource.Attributes, resourcePath + ".resource", line, issues);
            }

            if (!TryArray(element, "scopeSpans", "scope_spans", resourcePath, line, issues, out var scopeSpans))
            {
                continue;
            }

            for (var j = 0; j < scopeSpans.Count; j++)
            {
                var scopePath = $"{resourcePath}.scopeSpans[{j}]";
                if (scopeSpans[j].ValueKind != JsonValueKind.Object
                    || !TryArray(scopeSpans[j], "spans", "spans", scopePath, line, issues, out var spanElements))
                {
                    if (scopeSpans[j].ValueKind != JsonValueKind.Object)
                    {
                        issues.Add(new ImportIssue(ImportIssueLevel.Error, "expected a ScopeSpans object", line, scopePath));
                    }

                    continue;
                }

                for (var k = 0; k < spanElements.Count; k++)
                {
                    var spanPath = $"{scopePath}.spans[{k}]";
                    var span = ReadSpan(spanElements[k], spanPath, line, issues);
                    if (span is null)
                    {
                        rejected++;
                        continue;
                    }

                    spans.Add(new OtlpSpanInput(span, resource, spanPath, line));
                }
            }
        }

        return true;
    }

    private static Span? ReadSpan(JsonElement element, string path, int? line, List<ImportIssue> issues)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            issues.Add(new ImportIssue(ImportIssueLevel.Error, "span rejected: expected a Span object", line, path));
            return null;
        }

        var span = new Span();
        string? error = null;
        if (!TryId(Property(element, "traceId", "trace_id"), 16, out var traceId)
            || !TryId(Property(element, "spanId", "span_id"), 8, out var spanId)
            || !TryId(Property(element, "parentSpanId", "parent_span_id"), 8, out var parentSpanId))
        {
            error = "span rejected: traceId, spanId and parentSpanId must be hex strings (32, 16 and 16 hex digits)";
        }
        else if (!TryUInt64(Property(element, "startTimeUnixNano", "start_time_unix_nano"), out var start)
            || !TryUInt64(Property(element, "endTimeUnixNano", "end_time_unix_nano"), out var end))
        {
            error = "span rejected: startTimeUnixNano and endTimeUnixNano must be unsigned integers (numbers or decimal strings)";
        }
        else
        {
            span.TraceId = traceId;
            span.SpanId = spanId;
            span.ParentSpanId = parentSpanId;
            span.StartTimeUnixNano = start;
            span.EndTimeUnixNano = end;
        }

        if (error is not null)
        {
            issues.Add(new ImportIssue(ImportIssueLevel.Error, error, line, path));
            return null;
        }

        span.Name = String(Property(element, "name", "name")) ?? "";
        span.TraceState = String(Property(element, "traceState", "trace_state")) ?? "";
        if (TryEnum(Property(element, "kind", "kind"), out var kind) && Enum.IsDefined((Span.Types.SpanKind)kind))
        {
            span.Kind = (Span.Types.SpanKind)kind;
        }

        ReadAttributes(element, span.Attributes, path, line, issues);
        ReadEvents(element, span, path, line, issues);

        if (Property(element, "status", "status") is { ValueKind: JsonValueKind.Object } status)
        {
            span.Status = new Status { Message = String(Property(status, "message", "message")) ?? "" };
            if (TryEnum(Property(status, "code", "code"), out var code) && Enum.IsDefined((Status.Types.StatusCode)code))
            {
                span.Status.Code = (Status.Types.StatusCode)code;
            }
        }

        return span;
    }

    private static void ReadEvents(JsonElement spanElement, Span span, string path, int? line, List<ImportIssue> issues)
    {
        if (Property(spanElement, "events", "events") is not { ValueKind: JsonValueKind.Array } events)
        {
            return;
        }

        var index = 0;
        foreach (var eventElement in events.EnumerateArray())
        {
            var eventPath = $"{path}.events[{index++}]";
            if (eventElement.ValueKind != JsonValueKind.Object)
            {
                issues.Add(new ImportIssue(ImportIssueLevel.Warning, "event skipped: expected an object", line, eventPath));
                continue;
            }

            var spanEvent = new Span.Types.Event { Name = String(Property(eventElement, "name", "name")) ?? "" };
            if (TryUInt64(Property(eventElement, "timeUnixNano", "time_unix_nano"), out var time))
            {
                spanEvent.TimeUnixNano = time;
            }

            ReadAttributes(eventElement, spanEvent.Attributes, eventPath, line, issues);
            span.Events.Add(spanEvent);
        }
    }

    private static void ReadAttributes(JsonElement owner, ICollection<KeyValue> target, string path, int? line, List<ImportIssue> issues)
    {
        if (Property(owner, "attributes", "attributes") is not { ValueKind: JsonValueKind.Array } attributes)
        {
            return;
        }

        var index = 0;
        foreach (var attribute in attributes.EnumerateArray())
        {
            var attributePath = $"{path}.attributes[{index++}]";
            var key = attribute.ValueKind == JsonValueKind.Object ? String(Property(attribute, "key", "key")) : null;
            var value = key is null ? null : ReadAnyValue(Property(attribute, "value", "value"), depth: 0);
            if (key is null || value is null)
            {
                issues.Add(new ImportIssue(ImportIssueLevel.Warning, "attribute skipped: expected {\"key\": ..., \"value\": {\"stringValue\" | \"intValue\" | ...}}", line, attributePath));
                continue;
            }

            target.Add(new KeyValue { Key = key, Value = value });
        }
    }

    /// <summary>An AnyValue; an empty object is a valid empty value. Null when malformed.</summary>
    private static AnyValue? ReadAnyValue(JsonElement? element, int depth)
    {
        if (element is null || element.Value.ValueKind == JsonValueKind.Null)
        {
            return new AnyValue();
        }

        if (element.Value.ValueKind != JsonValueKind.Object || depth > 32)
        {
            return null;
        }

        var value = element.Value;

        foreach (var property in value.EnumerateObject())
        {
            var item = property.Value;
            switch (property.Name)
            {
                case "stringValue" or "string_value" when item.ValueKind == JsonValueKind.String:
                    return new AnyValue { StringValue = item.GetString()! };
                case "boolValue" or "bool_value" when item.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    return new AnyValue { BoolValue = item.GetBoolean() };
                case "intValue" or "int_value" when TryInt64(item, out var integer):
                    return new AnyValue { IntValue = integer };
                case "doubleValue" or "double_value" when TryDouble(item, out var number):
                    return new AnyValue { DoubleValue = number };
                case "bytesValue" or "bytes_value" when item.ValueKind == JsonValueKind.String && item.TryGetBytesFromBase64(out var bytes):
                    return new AnyValue { BytesValue = ByteString.CopyFrom(bytes) };
                case "arrayValue" or "array_value" when item.ValueKind == JsonValueKind.Object:
                    var array = new ArrayValue();
                    foreach (var entry in Values(item))
                    {
                        array.Values.Add(ReadAnyValue(entry, depth + 1) ?? new AnyValue());
                    }

                    return new AnyValue { ArrayValue = array };
                case "kvlistValue" or "kvlist_value" when item.ValueKind == JsonValueKind.Object:
                    var list = new KeyValueList();
                    foreach (var entry in Values(item))
                    {
                        if (entry.ValueKind == JsonValueKind.Object && String(Property(entry, "key", "key")) is { } key)
                        {
                            list.Values.Add(new KeyValue { Key = key, Value = ReadAnyValue(Property(entry, "value", "value"), depth + 1) ?? new AnyValue() });
                        }
                    }

                    return new AnyValue { KvlistValue = list };
            }
        }

        return value.EnumerateObject().Any() ? null : new AnyValue();
    }

    private static IEnumerable<JsonElement> Values(JsonElement container) =>
        Property(container, "values", "values") is { ValueKind: JsonValueKind.Array } values ? values.EnumerateArray() : [];

    private static bool TryArray(JsonElement owner, string camel, string snake, string path, int? line, List<ImportIssue> issues, out List<JsonElement> items)
    {
        items = [];
        var element = Property(owner, camel, snake);
        if (element is null || element.Value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.Value.ValueKind != JsonValueKind.Array)
        {
            issues.Add(new ImportIssue(ImportIssueLevel.Error, "expected an array", line, $"{path}.{camel}"));
            return false;
        }

        items = element.Value.EnumerateArray().ToList();
        return true;
    }

    private static JsonElement? Property(JsonElement owner, string camel, string snake)
    {
        if (owner.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (owner.TryGetProperty(camel, out var value) || (snake != camel && owner.TryGetProperty(snake, out value)))
        {
            return value;
        }

        return null;
    }

    private static string? String(JsonElement? element) =>
        element is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>A hex id of the given byte length; absent or "" gives empty bytes (the converter decides whether that is allowed).</summary>
    private static bool TryId(JsonElement? element, int length, out ByteString id)
    {
        id = ByteString.Empty;
        if (element is null || element.Value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.Value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var text = element.Value.GetString()!;
        if (text.Length == 0)
        {
            return true;
        }

        if (text.Length != length * 2)
        {
            return false;
        }

        try
        {
            id = ByteString.CopyFrom(Convert.FromHexString(text));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool TryUInt64(JsonElement? element, out ulong value)
    {
        value = 0;
        return element is null
            || element.Value.ValueKind == JsonValueKind.Null
            || (element.Value.ValueKind == JsonValueKind.Number && element.Value.TryGetUInt64(out value))
            || (element.Value.ValueKind == JsonValueKind.String && ulong.TryParse(element.Value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out value));
    }

    private static bool TryInt64(JsonElement element, out long value)
    {
        value = 0;
        return (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value))
            || (element.ValueKind == JsonValueKind.String && long.TryParse(element.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value));
    }

    private static bool TryDouble(JsonElement element, out double value)
    {
        value = 0;
        return (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out value))
            || (element.ValueKind == JsonValueKind.String && double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value));
    }

    /// <summary>OTLP/JSON writes enums as integers; the protobuf JSON mapping also allows the value's name.</summary>
    private static bool TryEnum(JsonElement? element, out int value)
    {
        value = 0;
        if (element is { ValueKind: JsonValueKind.Number } number)
        {
            return number.TryGetInt32(out value);
        }

        if (element is { ValueKind: JsonValueKind.String } name)
        {
            var text = name.GetString()!;
            value = text switch
            {
                "SPAN_KIND_UNSPECIFIED" or "STATUS_CODE_UNSET" => 0,
                "SPAN_KIND_INTERNAL" or "STATUS_CODE_OK" => 1,
                "SPAN_KIND_SERVER" or "STATUS_CODE_ERROR" => 2,
                "SPAN_KIND_CLIENT" => 3,
                "SPAN_KIND_PRODUCER" => 4,
                "SPAN_KIND_CONSUMER" => 5,
                _ => -1,
            };
            return value >= 0 || int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        return false;
    }
}

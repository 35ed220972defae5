using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using Martin360.Ingest.Otlp.Protos.Common.V1;

namespace Martin360.Ingest.Otlp;

/// <summary>Typed reads of a span's (or resource's) attributes; instrumentations disagree on types, so reads are lenient.</summary>
internal sealed class OtlpAttributes
{
    public static readonly OtlpAttributes Empty = new([]);

    private readonly Dictionary<string, AnyValue> _values;

    public OtlpAttributes(IEnumerable<KeyValue> attributes)
    {
        _values = new Dictionary<string, AnyValue>(StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            // Keys MUST be unique; when a sender breaks that, the last one wins, like most receivers do.
            if (attribute.Value is not null)
            {
                _values[attribute.Key] = attribute.Value;
            }
        }
    }

    public static OtlpAttributes Of(RepeatedField<KeyValue>? attributes) =>
        attributes is null || attributes.Count == 0 ? Empty : new OtlpAttributes(attributes);

    public bool HasGenAi => _values.Keys.Any(k => k.StartsWith(GenAiAttributes.Prefix, StringComparison.Ordinal));

    /// <summary>The value as text: scalars as written, structured values (messages, arrays) as JSON. Empty text is null.</summary>
    public string? Text(string key) =>
        _values.TryGetValue(key, out var value) && ToText(value) is { Length: > 0 } text ? text : null;

    /// <summary>An integer, also from a double without fraction or a numeric string (some SDKs send tokens as strings).</summary>
    public long? Long(string key)
    {
        if (!_values.TryGetValue(key, out var value))
        {
            return null;
        }

        return value.ValueCase switch
        {
            AnyValue.ValueOneofCase.IntValue => value.IntValue,
            AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue) && Math.Floor(value.DoubleValue) == value.DoubleValue
                && Math.Abs(value.DoubleValue) < 9e18 => (long)value.DoubleValue,
            AnyValue.ValueOneofCase.StringValue when long.TryParse(value.StringValue, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    /// <summary>A string array; also accepts one string, or a string holding a JSON array (for SDKs without array attributes).</summary>
    public IReadOnlyList<string> Strings(string key)
    {
        if (!_values.TryGetValue(key, out var value))
        {
            return [];
        }

        if (value.ValueCase == AnyValue.ValueOneofCase.ArrayValue)
        {
            return value.ArrayValue.Values.Select(ToText).Where(s => s.Length > 0).ToArray();
        }

        var text = ToText(value);
        if (text.StartsWith('['))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToArray();
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException)
            {
                // Not JSON after all: keep the text as the single value.
            }
        }

        return text.Length == 0 ? [] : [text];
    }

    public static string ToText(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue => ToJson(value),
        _ => "",
    };

    private static string ToJson(AnyValue value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, value, depth: 0);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, AnyValue? value, int depth)
    {
        // Protobuf's own recursion limit (100) bounds nesting already; this keeps the writer's limit (64) from throwing.
        if (value is null || depth > 48)
        {
            writer.WriteNullValue();
            return;
        }

        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                writer.WriteStringValue(value.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                writer.WriteBooleanValue(value.BoolValue);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                writer.WriteNumberValue(value.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue):
                writer.WriteNumberValue(value.DoubleValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                writer.WriteStringValue(value.DoubleValue.ToString(CultureInfo.InvariantCulture));
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                writer.WriteBase64StringValue(value.BytesValue.Span);
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                writer.WriteStartArray();
                foreach (var item in value.ArrayValue.Values)
                {
                    Write(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                writer.WriteStartObject();
                foreach (var pair in value.KvlistValue.Values)
                {
                    writer.WritePropertyName(pair.Key);
                    Write(writer, pair.Value, depth + 1);
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}

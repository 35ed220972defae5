using System.Globalization;
using System.Text.Json;

namespace Martin360.Ingest.Adapters.Shared;

/// <summary>Tolerant reads of fields from untrusted JSON: a missing or wrongly typed field is null, never an exception.</summary>
internal static class JsonFields
{
    public static JsonElement? Prop(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static JsonElement? Path(this JsonElement element, params string[] names)
    {
        JsonElement? current = element;
        foreach (var name in names)
        {
            current = current?.Prop(name);
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    public static JsonElement? Prop(this JsonElement? element, string name) => element?.Prop(name);

    public static string? Str(this JsonElement? element) => element?.ValueKind switch
    {
        JsonValueKind.String => element.Value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.Value.GetRawText(),
        _ => null,
    };

    public static string? Str(this JsonElement element, string name) => element.Prop(name).Str();

    public static long? Long(this JsonElement? element)
    {
        if (element is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetInt64(out var whole) ? whole : value.TryGetDouble(out var real) && double.IsFinite(real) ? (long)real : null;
        }

        return value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
    }

    public static int? Int(this JsonElement? element) => element.Long() is { } value && value is >= int.MinValue and <= int.MaxValue ? (int)value : null;

    public static decimal? Decimal(this JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Number } value)
        {
            return null;
        }

        if (value.TryGetDecimal(out var exact))
        {
            return exact;
        }

        return value.TryGetDouble(out var real) && double.IsFinite(real) && Math.Abs(real) < 1e15 ? (decimal)real : null;
    }

    public static double? Double(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Number } value && value.TryGetDouble(out var real) && double.IsFinite(real) ? real : null;

    public static bool? Bool(this JsonElement? element) => element?.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    public static IEnumerable<JsonElement> Items(this JsonElement? element) =>
        element is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    /// <summary>Message content that is either a string or a list of {type: text, text} parts.</summary>
    public static string? Text(this JsonElement? element)
    {
        if (element is { ValueKind: JsonValueKind.Array } parts)
        {
            var texts = parts.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? p.GetString() : p.Str("text")).Where(t => t is not null);
            return string.Join("\n", texts);
        }

        return element.Str();
    }

    /// <summary>A timestamp as ISO text (without an offset it is taken as UTC) or as Unix seconds.</summary>
    public static DateTimeOffset? Timestamp(this JsonElement? element)
    {
        if (element is { ValueKind: JsonValueKind.Number } && element.Double() is { } seconds && seconds is > 0 and < 1e11)
        {
            return DateTimeOffset.UnixEpoch.AddSeconds(seconds);
        }

        return element.Str() is { } text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : null;
    }
}

using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Martin360.Ingest.Adapters.Common;

/// <summary>One parsed line of a JSON Lines file, with its 1-based line number.</summary>
internal readonly record struct JsonLine(int Number, JsonElement Root);

/// <summary>Reads one line of JSON Lines: false for a valid value that is not an object; throws <see cref="JsonException"/> when invalid.</summary>
internal delegate bool LineReader<T>(ReadOnlyMemory<byte> utf8, int number, out T parsed);

/// <summary>Splits JSON Lines text; a line that is not a JSON object becomes an error naming its line, the rest still parse.</summary>
internal static class JsonLines
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<JsonLine> Parse(string content, List<ImportIssue> issues, out int rejected)
    {
        // The whole text is encoded to UTF-8 once and every line parsed in place: a document over caller-owned
        // memory holds no pooled buffer, so it needs neither a clone nor a dispose.
        ReadOnlyMemory<byte> utf8 = System.Text.Encoding.UTF8.GetBytes(content);
        return Parse(utf8, issues, out rejected, static (ReadOnlyMemory<byte> line, int number, out JsonLine parsed) =>
        {
            var root = JsonDocument.Parse(line).RootElement;
            parsed = new JsonLine(number, root);
            return root.ValueKind == JsonValueKind.Object;
        });
    }

    /// <summary>
    /// Splits UTF-8 JSON Lines and reads each non-empty line with <paramref name="read"/>, which returns false for a
    /// valid JSON value that is not an object and throws <see cref="JsonException"/> for invalid JSON: both become
    /// an error naming the line, and the other lines still read.
    /// </summary>
    public static List<T> Parse<T>(ReadOnlyMemory<byte> utf8, List<ImportIssue> issues, out int rejected, LineReader<T> read)
    {
        rejected = 0;
        var lines = new List<T>();
        var number = 0;
        var start = 0;
        while (start <= utf8.Length)
        {
            var end = utf8.Span[start..].IndexOf((byte)'\n');
            end = end < 0 ? utf8.Length : start + end;
            number++;
            var line = Trim(utf8[start..end]);
            start = end + 1;
            if (line.IsEmpty)
            {
                continue;
            }

            try
            {
                if (!read(line, number, out var parsed))
                {
                    issues.Add(new ImportIssue(ImportIssueLevel.Error, "expected a JSON object", number));
                    rejected++;
                    continue;
                }

                lines.Add(parsed);
            }
            catch (JsonException exception)
            {
                issues.Add(IngestJson.ToIssue(exception, number - 1));
                rejected++;
            }
        }

        return lines;
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        var first = span.StartsWith("\uFEFF"u8) ? 3 : 0;
        while (first < span.Length && IsWhiteSpace(span[first]))
        {
            first++;
        }

        var last = span.Length;
        while (last > first && IsWhiteSpace(span[last - 1]))
        {
            last--;
        }

        return line[first..last];
    }

    private static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\f' or (byte)'\v';

    /// <summary>The parsed objects among the first <paramref name="maxLines"/> lines of a sample (complete lines only), for format detection.</summary>
    public static IEnumerable<JsonElement> Head(TraceSample sample, int maxLines)
    {
        for (var i = 0; i < maxLines && sample.JsonHead.TryGet(i, out var line); i++)
        {
            if (line is { } root)
            {
                yield return root;
            }
        }
    }
}

using System.Text.Json;

namespace Martin360.Ingest.Adapters.Common;

/// <summary>One parsed line of a JSON Lines file, with its 1-based line number.</summary>
internal readonly record struct JsonLine(int Number, JsonElement Root);

/// <summary>Splits JSON Lines text; a line that is not a JSON object becomes an error naming its line, the rest still parse.</summary>
internal static class JsonLines
{
    public static List<JsonLine> Parse(string content, List<ImportIssue> issues, out int rejected)
    {
        rejected = 0;
        var lines = new List<JsonLine>();

        // The whole text is encoded to UTF-8 once and every line parsed in place: a document over caller-owned
        // memory holds no pooled buffer, so it needs neither a clone nor a dispose.
        ReadOnlyMemory<byte> utf8 = System.Text.Encoding.UTF8.GetBytes(content);
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
                var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    issues.Add(new ImportIssue(ImportIssueLevel.Error, "expected a JSON object", number));
                    rejected++;
                    continue;
                }

                lines.Add(new JsonLine(number, document.RootElement));
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

    /// <summary>Parses the first lines of a sample (complete lines only) for format detection.</summary>
    public static IEnumerable<JsonElement> Head(TraceSample sample, int maxLines)
    {
        var text = sample.Head;
        var start = 0;
        for (var i = 0; i < maxLines && start < text.Length; i++)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                // The last line of a 64 KiB head may be cut; only a whole short text is complete.
                if (text.Length >= 65536)
                {
                    yield break;
                }

                end = text.Length;
            }

            var line = text[start..end].Trim();
            start = end + 1;
            if (line.Length == 0 || line[0] != '{')
            {
                continue;
            }

            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(line);
                root = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                continue;
            }

            yield return root;
        }
    }
}

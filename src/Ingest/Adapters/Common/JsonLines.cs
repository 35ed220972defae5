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
        var number = 0;
        var start = 0;
        while (start <= content.Length)
        {
            var end = content.IndexOf('\n', start);
            if (end < 0)
            {
                end = content.Length;
            }

            number++;
            var line = content.AsSpan(start, end - start).Trim();
            start = end + 1;
            if (line.IsEmpty)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line.ToString());
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    issues.Add(new ImportIssue(ImportIssueLevel.Error, "expected a JSON object", number));
                    rejected++;
                    continue;
                }

                lines.Add(new JsonLine(number, document.RootElement.Clone()));
            }
            catch (JsonException exception)
            {
                issues.Add(IngestJson.ToIssue(exception, number - 1));
                rejected++;
            }
        }

        return lines;
    }

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

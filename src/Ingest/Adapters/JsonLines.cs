using System.Text.Json;

namespace Martin360.Ingest.Adapters;

/// <summary>Reads JSONL: every non-empty line must be one JSON object; the others become issues naming their line.</summary>
internal static class JsonLines
{
    public static List<(JsonElement Element, int Line)> ReadObjects(string content, List<ImportIssue> issues, out int rejected)
    {
        var objects = new List<(JsonElement, int)>();
        rejected = 0;
        var lineNumber = 0;
        foreach (var raw in content.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    issues.Add(new ImportIssue(ImportIssueLevel.Error, "expected a JSON object", lineNumber, "$"));
                    rejected++;
                    continue;
                }

                objects.Add((document.RootElement.Clone(), lineNumber));
            }
            catch (JsonException exception)
            {
                issues.Add(IngestJson.ToIssue(exception, lineNumber - 1));
                rejected++;
            }
        }

        return objects;
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Martin360.Ingest.Adapters;

namespace Martin360.Ingest;

/// <summary>The one set of JSON options for the martin360/v1 wire format and the HTTP API.</summary>
public static class IngestJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        MaxDepth = 64,
    };

    /// <summary>Turns a JSON parse failure into an issue that names the line and the field.</summary>
    public static ImportIssue ToIssue(JsonException exception, int lineOffset = 0)
    {
        var line = exception.LineNumber is { } zeroBased ? (int)zeroBased + 1 + lineOffset : (int?)null;
        var message = exception.Message;

        // System.Text.Json messages append "Path: ... | LineNumber: ..."; keep only the human part.
        foreach (var marker in (ReadOnlySpan<string>)[" Path:", " LineNumber:"])
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return new ImportIssue(ImportIssueLevel.Error, "invalid JSON: " + message.TrimEnd(), line, exception.Path);
    }
}

using System.Text.Json;

namespace Martin360.Ingest.Adapters.Shared;

/// <summary>Parses a whole-file JSON trace; bad JSON becomes an issue naming its line, never an exception.</summary>
internal static class JsonTraceDocument
{
    // Agent traces nest tool arguments inside messages inside configs; 256 leaves room without being unbounded.
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 256 };

    public static JsonDocument? Parse(string content, out ImportIssue? issue, int lineOffset = 0)
    {
        try
        {
            issue = null;
            return JsonDocument.Parse(content, s_options);
        }
        catch (JsonException exception)
        {
            issue = IngestJson.ToIssue(exception, lineOffset);
            return null;
        }
    }
}

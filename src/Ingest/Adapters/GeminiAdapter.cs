using Martin360.Ingest.Adapters.Common;
using Martin360.Ingest.Adapters.Gemini;

namespace Martin360.Ingest.Adapters;

/// <summary>
/// Reads Gemini CLI chat recordings (~/.gemini/tmp/&lt;project hash&gt;/chats/session-*.json): one JSON document
/// {sessionId, projectHash, startTime, lastUpdated, messages}, or the same as JSON Lines (a header line with
/// sessionId and projectHash, then one message per line).
/// </summary>
public sealed class GeminiAdapter : ITraceAdapter
{
    public const string FormatName = "gemini";

    public string Format => FormatName;

    public bool CanRead(TraceSample sample)
    {
        if (sample.LooksLikeJsonObject
            && sample.Head.Contains("\"sessionId\"", StringComparison.Ordinal)
            && sample.Head.Contains("\"projectHash\"", StringComparison.Ordinal)
            && sample.Head.Contains("\"messages\"", StringComparison.Ordinal))
        {
            return true;
        }

        return JsonLines.Head(sample, 3).Any(line => line.Str("sessionId") is not null && line.Str("projectHash") is not null);
    }

    public AdapterResult Read(string sourceName, string content) => new GeminiSessionReader(content).Read();
}

using Martin360.Ingest.Adapters.Codex;
using Martin360.Ingest.Adapters.Common;

namespace Martin360.Ingest.Adapters;

/// <summary>Reads OpenAI Codex CLI rollout files (~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl).</summary>
public sealed class CodexAdapter : ITraceAdapter
{
    public const string FormatName = "codex";

    private static readonly HashSet<string> s_recordTypes = new(StringComparer.Ordinal)
    {
        "session_meta", "turn_context", "response_item", "event_msg",
    };

    public string Format => FormatName;

    /// <summary>Every rollout line is {timestamp, type, payload} with one of Codex's record types.</summary>
    public bool CanRead(TraceSample sample) => JsonLines.Head(sample, 5).Any(line =>
        line.Str("type") is { } type && s_recordTypes.Contains(type) && line.Object("payload") is not null);

    public AdapterResult Read(string sourceName, string content) => new CodexRolloutReader(content).Read();
}

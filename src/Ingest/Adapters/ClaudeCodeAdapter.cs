using System.Text;
using System.Text.Json;
using Martin360.Ingest.Adapters.ClaudeCode;
using Martin360.Ingest.Adapters.Common;

namespace Martin360.Ingest.Adapters;

/// <summary>
/// Reads Claude Code session files (~/.claude/projects/&lt;project&gt;/&lt;session&gt;.jsonl and sub-agent
/// agent-*.jsonl files) and the statusline hook's JSON snapshot.
/// </summary>
public sealed class ClaudeCodeAdapter : IUtf8TraceAdapter
{
    public const string FormatName = "claude-code";

    public string Format => FormatName;

    public bool CanRead(TraceSample sample)
    {
        if (sample.LooksLikeJsonObject && ClaudeStatusline.Looks(sample.Head))
        {
            return true;
        }

        return JsonLines.Head(sample, 10).Any(IsSessionLine);
    }

    public AdapterResult Read(string sourceName, string content)
    {
        if (IsStatusline(TraceSample.Of(content)))
        {
            return ClaudeStatusline.Read(content);
        }

        return ClaudeSessionReader.Read(content);
    }

    AdapterResult IUtf8TraceAdapter.Read(string sourceName, ReadOnlyMemory<byte> utf8, TraceSample sample) =>
        IsStatusline(sample) ? ClaudeStatusline.Read(Encoding.UTF8.GetString(utf8.Span)) : new ClaudeSessionReader(utf8).Read();

    /// <summary>The statusline snapshot is one pretty-printed object, a session one object per line.</summary>
    private static bool IsStatusline(TraceSample sample) =>
        ClaudeStatusline.Looks(sample.Head) && sample.FirstLine?.Trim() is "{" or "";

    /// <summary>A message line (sessionId with uuid or a role-bearing message) or a summary line, as only Claude Code writes them.</summary>
    private static bool IsSessionLine(JsonElement line)
    {
        if (line.Str("type") == "summary" && line.Str("leafUuid") is not null)
        {
            return true;
        }

        return line.Str("sessionId") is not null
            && (line.Str("uuid") is not null || line.Object("message")?.Str("role") is not null);
    }
}

namespace Martin360.Ingest.Adapters;

/// <summary>The beginning of a candidate trace, for format detection.</summary>
public sealed class TraceSample
{
    private TraceSample(string head, string? firstLine)
    {
        Head = head;
        FirstLine = firstLine;
    }

    /// <summary>How many characters of the text the head takes.</summary>
    internal const int HeadChars = 65536;

    /// <summary>Up to the first 64 KiB of the text, leading whitespace removed.</summary>
    public string Head { get; }

    /// <summary>The first non-empty line, or null for an empty text.</summary>
    public string? FirstLine { get; }

    /// <summary>
    /// The head's lines parsed as JSON objects, each on first use: several adapters judge the content by its first
    /// lines, and detection asks them in turn.
    /// </summary>
    internal Common.JsonHeadLines JsonHead => _jsonHead ??= new Common.JsonHeadLines(Head);

    private Common.JsonHeadLines? _jsonHead;

    public bool LooksLikeJsonObject => Head.StartsWith('{');

    public bool LooksLikeJsonArray => Head.StartsWith('[');

    public static TraceSample Of(string content)
    {
        var head = content.Length > HeadChars ? content[..HeadChars] : content;
        head = head.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        var newline = head.IndexOf('\n');
        var firstLine = head.Length == 0 ? null : (newline < 0 ? head : head[..newline]).TrimEnd('\r');
        return new TraceSample(head, firstLine);
    }
}

using System.Text.Json;

namespace Martin360.Ingest.Adapters.Common;

/// <summary>
/// The lines of a sample's head, each parsed as JSON when first asked for and then kept: detection asks adapter after
/// adapter about the same first lines, and most of them stop at the first line that answers.
/// </summary>
internal sealed class JsonHeadLines(string head)
{
    private readonly List<JsonElement?> _lines = [];
    private int _next;
    private bool _ended;

    /// <summary>
    /// Line <paramref name="index"/> (0-based): parsed when it is a complete line that starts like an object, else null.
    /// False past the last complete line.
    /// </summary>
    public bool TryGet(int index, out JsonElement? line)
    {
        while (_lines.Count <= index && !_ended)
        {
            ParseNext();
        }

        line = index < _lines.Count ? _lines[index] : null;
        return index < _lines.Count;
    }

    private void ParseNext()
    {
        if (_next >= head.Length)
        {
            _ended = true;
            return;
        }

        var end = head.IndexOf('\n', _next);
        if (end < 0)
        {
            // The last line of a 64 KiB head may be cut; only a whole short text is complete.
            if (head.Length >= TraceSample.HeadChars)
            {
                _ended = true;
                return;
            }

            end = head.Length;
        }

        var line = head.AsMemory(_next, end - _next).Trim();
        _next = end + 1;
        if (line.Length == 0 || line.Span[0] != '{')
        {
            _lines.Add(null);
            return;
        }

        try
        {
            // A clone keeps the line; the document returns its pooled buffers.
            using var document = JsonDocument.Parse(line);
            _lines.Add(document.RootElement.Clone());
        }
        catch (JsonException)
        {
            _lines.Add(null);
        }
    }
}

using System.Text;
using Martin360.Dashboard.Rendering;

namespace Martin360.Dashboard.Export;

/// <summary>
/// Agent text made safe to paste into a pull request or an issue: it can neither add markup (HTML, images, links,
/// headings, lists, tables) nor reorder what a reader sees, and never spans more than the one line it is put on.
/// </summary>
public static class MarkdownText
{
    /// <summary>Characters that would otherwise start markup somewhere on a line (CommonMark lets any ASCII punctuation be escaped).</summary>
    private const string Special = "\\`*_{}[]()<>#+-!|~&@.";

    public const int MaxInlineChars = 500;

    /// <summary>Text as one line of plain words: every markup character backslash-escaped.</summary>
    public static string Escape(string? text)
    {
        var line = OneLine(text);
        var escaped = new StringBuilder(line.Length + 16);
        foreach (var c in line)
        {
            if (Special.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>Text as an inline code span, fenced with more backticks than it contains in a row, so it cannot close the span.</summary>
    public static string Code(string? text)
    {
        var line = OneLine(text);
        if (line.Length == 0)
        {
            return "";
        }

        var longest = 0;
        var run = 0;
        foreach (var c in line)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', longest + 1);
        // A space inside the fence keeps a leading or trailing backtick from joining it; CommonMark strips one each side.
        var pad = line.StartsWith('`') || line.EndsWith('`') || (line.StartsWith(' ') && line.EndsWith(' ')) ? " " : "";
        return fence + pad + line + pad + fence;
    }

    /// <summary>Control characters, ANSI escapes and bidirectional overrides removed, whitespace folded onto one line, long text cut.</summary>
    public static string OneLine(string? text)
    {
        var stripped = AnsiText.Strip(text);
        var folded = new StringBuilder(Math.Min(stripped.Length, MaxInlineChars + 1));
        var space = false;
        foreach (var c in stripped)
        {
            if (IsBidiControl(c) || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF')
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                space = folded.Length > 0;
                continue;
            }

            if (space)
            {
                folded.Append(' ');
                space = false;
            }

            folded.Append(c);
            if (folded.Length >= MaxInlineChars)
            {
                folded.Append('…');
                break;
            }
        }

        return folded.ToString();
    }

    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';
}

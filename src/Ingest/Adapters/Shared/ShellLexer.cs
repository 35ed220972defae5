using System.Text;
using System.Text.RegularExpressions;

namespace Martin360.Ingest.Adapters.Shared;

/// <summary>
/// A forgiving reader of shell command lines: splits into simple commands, removes quotes, notes redirections,
/// and sets here-document bodies aside. It never fails; odd input just gives fewer or stranger words.
/// </summary>
internal static partial class ShellLexer
{
    public static ShellParse Parse(string command)
    {
        var (skeleton, hereDocuments) = SetHereDocumentsAside(command);
        skeleton = skeleton.Replace("\\\r\n", " ", StringComparison.Ordinal).Replace("\\\n", " ", StringComparison.Ordinal);
        return new ShellParse(Split(skeleton), hereDocuments);
    }

    /// <summary>The words of the first simple command only (SWE-agent's own commands are read this way).</summary>
    public static IReadOnlyList<string> FirstCommandWords(string line)
    {
        var segments = Split(line);
        return segments.Count == 0 ? [] : segments[0].Arguments.ToArray();
    }

    private static (string Skeleton, IReadOnlyList<string> Bodies) SetHereDocumentsAside(string command)
    {
        if (!command.Contains("<<", StringComparison.Ordinal))
        {
            return (command, []);
        }

        var skeleton = new StringBuilder(command.Length);
        var bodies = new List<string>();
        var lines = command.Split('\n');
        var pending = new Queue<string>();
        StringBuilder? body = null;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            if (body is not null)
            {
                if (line.Trim() == pending.Peek())
                {
                    pending.Dequeue();
                    bodies.Add(body.ToString());
                    body = pending.Count > 0 ? new StringBuilder() : null;
                }
                else
                {
                    body.Append(line).Append('\n');
                }

                continue;
            }

            skeleton.Append(line).Append('\n');
            foreach (Match match in HereDocumentMarker().Matches(line))
            {
                pending.Enqueue(match.Groups["word"].Value);
            }

            if (pending.Count > 0)
            {
                body = new StringBuilder();
            }
        }

        if (body is not null)
        {
            // An unterminated here-document still carries its text (agents sometimes drop the final delimiter).
            bodies.Add(body.ToString());
        }

        return (skeleton.ToString(), bodies);
    }

    private static List<ShellSegment> Split(string text)
    {
        var segments = new List<ShellSegment>();
        var words = new List<ShellWord>();
        var word = new StringBuilder();
        var inWord = false;
        string? redirect = null;
        var pipedInto = false;
        var nextPiped = false;

        void EndWord()
        {
            if (!inWord)
            {
                return;
            }

            words.Add(new ShellWord(word.ToString(), redirect));
            redirect = null;
            word.Clear();
            inWord = false;
        }

        void EndSegment(bool pipeFollows)
        {
            EndWord();
            if (words.Count > 0)
            {
                segments.Add(new ShellSegment(words.ToArray(), pipedInto));
            }

            words.Clear();
            redirect = null;
            pipedInto = pipeFollows;
            nextPiped = pipeFollows;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            switch (c)
            {
                case '\'':
                    inWord = true;
                    var close = text.IndexOf('\'', i + 1);
                    close = close < 0 ? text.Length : close;
                    word.Append(text, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    inWord = true;
                    i = ReadDoubleQuoted(text, i + 1, word);
                    break;
                case '\\':
                    inWord = true;
                    if (next != '\0')
                    {
                        word.Append(next);
                        i++;
                    }

                    break;
                case '$' when next == '(':
                case '`':
                    inWord = true;
                    i = CopySubstitution(text, i, word);
                    break;
                case ' ' or '\t' or '\r':
                    EndWord();
                    break;
                case '(' or ')' or '{' or '}' when !inWord:
                    // Subshells and groups: their contents are commands like any other.
                    break;
                case '#' when !inWord:
                    var newline = text.IndexOf('\n', i);
                    i = (newline < 0 ? text.Length : newline) - 1;
                    break;
                case '\n' or ';':
                    EndSegment(false);
                    break;
                case '&' when next == '&':
                    EndSegment(false);
                    i++;
                    break;
                case '&' when next == '>':
                    EndWord();
                    redirect = ">";
                    i += text.Length > i + 2 && text[i + 2] == '>' ? 2 : 1;
                    break;
                case '&':
                    EndSegment(false);
                    break;
                case '|' when next == '|':
                    EndSegment(false);
                    i++;
                    break;
                case '|':
                    EndSegment(true);
                    if (next == '&')
                    {
                        i++;
                    }

                    break;
                case '>' or '<':
                    if (inWord && word.ToString().All(char.IsAsciiDigit))
                    {
                        // "2>": the digits name a stream, they are not a word.
                        word.Clear();
                        inWord = false;
                    }

                    EndWord();
                    i = ReadRedirect(text, i, out redirect);
                    break;
                default:
                    inWord = true;
                    word.Append(c);
                    break;
            }
        }

        EndSegment(nextPiped);
        return segments;
    }

    private static int ReadDoubleQuoted(string text, int start, StringBuilder word)
    {
        var i = start;
        for (; i < text.Length && text[i] != '"'; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
            {
                i++;
            }

            word.Append(text[i]);
        }

        return i;
    }

    private static int CopySubstitution(string text, int start, StringBuilder word)
    {
        if (text[start] == '`')
        {
            var end = text.IndexOf('`', start + 1);
            end = end < 0 ? text.Length - 1 : end;
            word.Append(text, start, end - start + 1);
            return end;
        }

        var depth = 0;
        var i = start + 1;
        for (; i < text.Length; i++)
        {
            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')' && --depth == 0)
            {
                break;
            }
        }

        i = Math.Min(i, text.Length - 1);
        word.Append(text, start, i - start + 1);
        return i;
    }

    /// <summary>Reads a redirection operator at i; returns the index of its last character.</summary>
    private static int ReadRedirect(string text, int i, out string? redirect)
    {
        var c = text[i];
        var j = i + 1;
        while (j < text.Length && text[j] == c && j - i < 3)
        {
            j++;
        }

        var op = text[i..j];
        if (j < text.Length && text[j] == '|')
        {
            j++;
        }

        if (j < text.Length && text[j] == '&')
        {
            // "2>&1", ">&2": a stream joins another; no file is named.
            j++;
            while (j < text.Length && (char.IsAsciiDigit(text[j]) || text[j] == '-'))
            {
                j++;
            }

            redirect = null;
            return j - 1;
        }

        if (op.StartsWith("<<", StringComparison.Ordinal) && j < text.Length && text[j] == '-')
        {
            j++;
        }

        redirect = op switch
        {
            ">>" => ">>",
            ">" => ">",
            "<" => "<",
            _ => "<<",
        };
        return j - 1;
    }

    [GeneratedRegex("""<<-?\s*(['"]?)(?<word>[A-Za-z_][A-Za-z0-9_]*)\1""")]
    private static partial Regex HereDocumentMarker();
}

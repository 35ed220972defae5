namespace Martin360.Analysis.Text;

/// <summary>
/// Files a shell command writes or reads, for agents that edit through the shell (sed -i, cat &gt; f &lt;&lt;EOF, rm).
/// Only the first line is parsed: a heredoc body is content, not command.
/// </summary>
public static class ShellPaths
{
    private static readonly HashSet<string> s_readers = new(StringComparer.Ordinal) { "cat", "head", "tail", "less", "more", "nl", "bat" };

    public static (IReadOnlyList<string> Written, IReadOnlyList<string> Read) Of(string? command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return ([], []);
        }

        var newline = command.IndexOf('\n');
        var line = newline < 0 ? command : command[..newline];
        var written = new List<string>();
        var read = new List<string>();
        foreach (var segment in Segments(line))
        {
            Classify(segment, written, read);
        }

        return (written, read);
    }

    /// <summary>True when the command only removes files (rm, unlink, git rm), possibly several, and writes nothing else.</summary>
    public static bool IsDelete(string? command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return false;
        }

        var newline = command.IndexOf('\n');
        var line = newline < 0 ? command : command[..newline];
        var any = false;
        foreach (var segment in Segments(line))
        {
            if (segment.Count == 0 || segment[0] == "cd")
            {
                continue;
            }

            if (segment[0] is not ("rm" or "unlink") && !(segment[0] == "git" && segment.Count > 1 && segment[1] == "rm"))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private static IEnumerable<List<string>> Segments(string line)
    {
        var current = new List<string>();
        foreach (var raw in line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw is "&&" or "||" or ";" or "|")
            {
                yield return current;
                current = [];
                continue;
            }

            current.Add(raw.Trim('\'', '"'));
        }

        yield return current;
    }

    private static void Classify(List<string> tokens, List<string> written, List<string> read)
    {
        if (tokens.Count == 0)
        {
            return;
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token is ">" or ">>")
            {
                if (i + 1 < tokens.Count)
                {
                    AddIfPath(written, tokens[i + 1]);
                }
            }
            else if (token.StartsWith('>') && !token.StartsWith(">&", StringComparison.Ordinal))
            {
                AddIfPath(written, token.TrimStart('>'));
            }
        }

        var program = tokens[0];
        var operands = tokens.Skip(1).TakeWhile(t => !t.StartsWith('>') && !t.StartsWith("<<", StringComparison.Ordinal) && t != "<")
            .Where(t => !t.StartsWith('-')).ToList();
        switch (program)
        {
            case "sed" when tokens.Any(t => t.StartsWith("-i", StringComparison.Ordinal)):
            case "mv" or "cp" or "patch":
                if (operands.Count > 0)
                {
                    AddIfPath(written, operands[^1]);
                }

                break;
            case "rm" or "touch" or "tee" or "truncate":
                foreach (var operand in operands)
                {
                    AddIfPath(written, operand);
                }

                break;
            default:
                if (s_readers.Contains(program))
                {
                    foreach (var operand in operands)
                    {
                        AddIfPath(read, operand);
                    }
                }

                break;
        }
    }

    private static void AddIfPath(List<string> paths, string token)
    {
        var t = token.Trim('\'', '"', ';', ')', '(');
        if (t.Length == 0 || t.StartsWith('$') || t.StartsWith('-') || t.StartsWith('&') || t.StartsWith("/dev/", StringComparison.Ordinal)
            || t.Contains('*') || t.Contains('`'))
        {
            return;
        }

        if (t.Contains('.') || t.Contains('/'))
        {
            paths.Add(t);
        }
    }
}

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

        List<string>? written = null, read = null;
        foreach (var segment in Segments(command))
        {
            Classify(segment, ref written, ref read);
        }

        return (written ?? (IReadOnlyList<string>)[], read ?? (IReadOnlyList<string>)[]);
    }

    /// <summary>True when the command only removes files (rm, unlink, git rm), possibly several, and writes nothing else.</summary>
    public static bool IsDelete(string? command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return false;
        }

        var any = false;
        foreach (var segment in Segments(command))
        {
            if (segment.Length == 0 || segment[0] == "cd")
            {
                continue;
            }

            if (segment[0] is not ("rm" or "unlink") && !(segment[0] == "git" && segment.Length > 1 && segment[1] == "rm"))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    /// <summary>The commands of the first line (split at &amp;&amp;, ||, ; and |), each as its words with quotes trimmed.</summary>
    private static List<string[]> Segments(string command)
    {
        var newline = command.IndexOf('\n');
        var line = newline < 0 ? command : command[..newline];
        var segments = new List<string[]>();
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var start = 0;
        for (var i = 0; i <= words.Length; i++)
        {
            if (i < words.Length && words[i] is not ("&&" or "||" or ";" or "|"))
            {
                continue;
            }

            var segment = new string[i - start];
            for (var k = 0; k < segment.Length; k++)
            {
                segment[k] = words[start + k].Trim('\'', '"');
            }

            segments.Add(segment);
            start = i + 1;
        }

        return segments;
    }

    private static void Classify(string[] tokens, ref List<string>? written, ref List<string>? read)
    {
        if (tokens.Length == 0)
        {
            return;
        }

        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (token is ">" or ">>")
            {
                if (i + 1 < tokens.Length)
                {
                    AddIfPath(ref written, tokens[i + 1]);
                }
            }
            else if (token.StartsWith('>') && !token.StartsWith(">&", StringComparison.Ordinal))
            {
                AddIfPath(ref written, token.TrimStart('>'));
            }
        }

        // Operands: the words after the program up to the first redirect, options left out.
        var operandsEnd = 1;
        while (operandsEnd < tokens.Length && !tokens[operandsEnd].StartsWith('>') && !tokens[operandsEnd].StartsWith("<<", StringComparison.Ordinal) && tokens[operandsEnd] != "<")
        {
            operandsEnd++;
        }

        var operands = tokens.AsSpan(1, operandsEnd - 1);
        var program = tokens[0];
        switch (program)
        {
            case "sed" when HasInPlace(tokens):
            case "mv" or "cp" or "patch":
                for (var i = operands.Length - 1; i >= 0; i--)
                {
                    if (!operands[i].StartsWith('-'))
                    {
                        AddIfPath(ref written, operands[i]);
                        break;
                    }
                }

                break;
            case "rm" or "touch" or "tee" or "truncate":
                AddOperands(ref written, operands);
                break;
            default:
                if (s_readers.Contains(program))
                {
                    AddOperands(ref read, operands);
                }

                break;
        }
    }

    private static bool HasInPlace(ReadOnlySpan<string> tokens)
    {
        foreach (var token in tokens)
        {
            if (token.StartsWith("-i", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddOperands(ref List<string>? paths, ReadOnlySpan<string> operands)
    {
        foreach (var operand in operands)
        {
            if (!operand.StartsWith('-'))
            {
                AddIfPath(ref paths, operand);
            }
        }
    }

    private static void AddIfPath(ref List<string>? paths, string token)
    {
        var t = token.Trim('\'', '"', ';', ')', '(');
        if (t.Length == 0 || t.StartsWith('$') || t.StartsWith('-') || t.StartsWith('&') || t.StartsWith("/dev/", StringComparison.Ordinal)
            || t.Contains('*') || t.Contains('`'))
        {
            return;
        }

        if (t.Contains('.') || t.Contains('/'))
        {
            (paths ??= []).Add(t);
        }
    }
}

using System.Text;

namespace Martin360.Analysis.Text;

/// <summary>
/// Normalises actions and observations so that two attempts that differ only in noise compare equal.
/// Single pass over whitespace-separated tokens (no regex): analysis re-runs on every append of a live run.
/// </summary>
public static class Normalizer
{
    /// <summary>Text beyond this many characters from each end is not compared: bounded cost per step.</summary>
    public const int MaxCompared = 8 * 1024;

    /// <summary>
    /// Commands, tool arguments, messages: quotes dropped, whitespace collapsed, numbers (line numbers, ports) and
    /// long hex runs become '#', paths keep their last two segments (absolute and relative compare equal),
    /// temp names become &lt;tmp&gt;, a leading "cd DIR &amp;&amp;" is dropped.
    /// </summary>
    public static string Action(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var tokens = new List<string>();
        foreach (var raw in Tokens(Bounded(text)))
        {
            var token = StripQuotes(raw);
            if (token.Length > 0)
            {
                tokens.Add(token);
            }
        }

        // "cd /some/dir && cmd" and "cmd" are the same action when the agent keeps re-entering the directory.
        var startAt = tokens.Count > 3 && tokens[0] == "cd" && tokens[2] is "&&" or ";" ? 3 : 0;
        var builder = new StringBuilder(Math.Min(text.Length, 2 * MaxCompared));
        var first = true;
        for (var i = startAt; i < tokens.Count; i++)
        {
            AppendSeparated(builder, ref first, ActionToken(tokens[i]));
        }

        return builder.ToString();
    }

    /// <summary>
    /// Observations: timestamps, durations, addresses, long hex ids and temp paths become placeholders; other
    /// numbers are kept, so polling output whose progress changes never compares equal.
    /// </summary>
    public static string Observation(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(text.Length, 2 * MaxCompared));
        var first = true;
        string? pendingNumber = null;
        foreach (var token in Tokens(Bounded(text)))
        {
            if (pendingNumber is not null)
            {
                if (IsDurationUnit(token))
                {
                    AppendSeparated(builder, ref first, "<dur>");
                    pendingNumber = null;
                    continue;
                }

                AppendSeparated(builder, ref first, pendingNumber);
                pendingNumber = null;
            }

            if (IsPlainNumber(token))
            {
                pendingNumber = token;
                continue;
            }

            AppendSeparated(builder, ref first, ObservationToken(token));
        }

        if (pendingNumber is not null)
        {
            AppendSeparated(builder, ref first, pendingNumber);
        }

        return builder.ToString();
    }

    /// <summary>The distinct tokens of a normalised text, as stable hashes (for Jaccard similarity).</summary>
    public static HashSet<ulong> TokenSet(string normalised)
    {
        var set = new HashSet<ulong>();
        foreach (var token in normalised.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            set.Add(StableHash.Of(token));
        }

        return set;
    }

    public static double Jaccard(HashSet<ulong> a, HashSet<ulong> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 1;
        }

        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var shared = 0;
        foreach (var item in small)
        {
            if (large.Contains(item))
            {
                shared++;
            }
        }

        return (double)shared / (a.Count + b.Count - shared);
    }

    internal static string Bounded(string text) =>
        text.Length <= 2 * MaxCompared ? text : string.Concat(text.AsSpan(0, MaxCompared), " ", text.AsSpan(text.Length - MaxCompared));

    internal static IEnumerable<string> Tokens(string text)
    {
        var start = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\u001b')
            {
                // ANSI escape: ESC [ params letter. Colours differ between runs of the same command.
                if (start >= 0)
                {
                    yield return text[start..i];
                    start = -1;
                }

                i++;
                if (i < text.Length && text[i] == '[')
                {
                    while (i + 1 < text.Length && !char.IsAsciiLetter(text[i + 1]))
                    {
                        i++;
                    }

                    i++;
                }

                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (start >= 0)
                {
                    yield return text[start..i];
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        if (start >= 0)
        {
            yield return text[start..];
        }
    }

    private static void AppendSeparated(StringBuilder builder, ref bool first, string token)
    {
        if (!first)
        {
            builder.Append(' ');
        }

        builder.Append(token);
        first = false;
    }

    private static string StripQuotes(string token)
    {
        if (token.AsSpan().IndexOfAny("'\"`") < 0)
        {
            return token;
        }

        var builder = new StringBuilder(token.Length);
        foreach (var c in token)
        {
            if (c is not ('\'' or '"' or '`'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string ActionToken(string token)
    {
        if (IsTempName(token))
        {
            return "<tmp>";
        }

        if (token.Contains('/') && !token.Contains("://", StringComparison.Ordinal))
        {
            token = LastSegments(token, 2);
        }

        return CollapseNumbers(token);
    }

    private static string ObservationToken(string token)
    {
        if (IsTempName(token))
        {
            return "<tmp>";
        }

        if (token.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && token.Length > 3)
        {
            return "<addr>";
        }

        if (IsTimestampLike(token))
        {
            return "<ts>";
        }

        if (IsDurationToken(token))
        {
            return "<dur>";
        }

        if (IsLongHex(token))
        {
            return "<id>";
        }

        return token;
    }

    /// <summary>Digit runs become '#', and hex-looking runs of 8+ characters with a digit become '#' too.</summary>
    private static string CollapseNumbers(string token)
    {
        var hasDigit = false;
        foreach (var c in token)
        {
            if (char.IsAsciiDigit(c))
            {
                hasDigit = true;
                break;
            }
        }

        if (!hasDigit)
        {
            return token;
        }

        var builder = new StringBuilder(token.Length);
        var i = 0;
        while (i < token.Length)
        {
            var c = token[i];
            if (char.IsAsciiHexDigit(c))
            {
                var end = i;
                var digits = 0;
                while (end < token.Length && char.IsAsciiHexDigit(token[end]))
                {
                    if (char.IsAsciiDigit(token[end]))
                    {
                        digits++;
                    }

                    end++;
                }

                var run = end - i;
                if (digits > 0 && (digits == run || run >= 8))
                {
                    builder.Append('#');
                    i = end;
                    continue;
                }

                if (digits == 0)
                {
                    builder.Append(token, i, run);
                    i = end;
                    continue;
                }

                // Mixed short run such as "v2" or "a1b": keep letters, collapse digits.
                for (var j = i; j < end; j++)
                {
                    if (char.IsAsciiDigit(token[j]))
                    {
                        if (builder.Length == 0 || builder[^1] != '#')
                        {
                            builder.Append('#');
                        }
                    }
                    else
                    {
                        builder.Append(token[j]);
                    }
                }

                i = end;
                continue;
            }

            builder.Append(c);
            i++;
        }

        return builder.ToString();
    }

    private static string LastSegments(string path, int count)
    {
        var trimmed = path.TrimEnd('/');
        if (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        var cut = trimmed.Length;
        for (var i = 0; i < count; i++)
        {
            cut = trimmed.LastIndexOf('/', cut - 1 < 0 ? 0 : cut - 1);
            if (cut < 0)
            {
                return trimmed;
            }
        }

        return trimmed[(cut + 1)..];
    }

    private static bool IsTempName(string token) =>
        token.Contains("/tmp/", StringComparison.Ordinal) || token.StartsWith("/tmp", StringComparison.Ordinal)
        || token.Contains("/var/folders/", StringComparison.Ordinal)
        || (token.StartsWith("tmp", StringComparison.Ordinal) && token.Length >= 8 && token.Skip(3).Any(char.IsAsciiDigit));

    private static bool IsPlainNumber(string token)
    {
        var digits = 0;
        foreach (var c in token)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c != '.' && c != ',')
            {
                return false;
            }
        }

        return digits > 0;
    }

    private static bool IsDurationUnit(string token) =>
        token.TrimEnd('.', ',', ')', ']', ';') is "s" or "ms" or "sec" or "secs" or "second" or "seconds" or "min" or "mins"
            or "minute" or "minutes" or "h" or "hours";

    /// <summary>"0.119s", "(12ms)", "3.5sec": a number glued to a time unit.</summary>
    private static bool IsDurationToken(string token)
    {
        var span = token.AsSpan().Trim("()[],;:");
        var i = 0;
        var digits = 0;
        while (i < span.Length && (char.IsAsciiDigit(span[i]) || span[i] == '.'))
        {
            if (char.IsAsciiDigit(span[i]))
            {
                digits++;
            }

            i++;
        }

        if (digits == 0 || i == span.Length)
        {
            return false;
        }

        var unit = span[i..].ToString();
        return unit is "s" or "ms" or "sec" or "secs" or "m" or "min" or "h" or "us" or "µs" or "ns";
    }

    /// <summary>Dates (2025-09-03, 2025/09/03) and times of day (01:00:18, 12:30) anywhere in the token.</summary>
    private static bool IsTimestampLike(string token)
    {
        for (var i = 0; i + 4 < token.Length; i++)
        {
            if (!char.IsAsciiDigit(token[i]) || (i > 0 && char.IsAsciiDigit(token[i - 1])))
            {
                continue;
            }

            var run = 0;
            while (i + run < token.Length && char.IsAsciiDigit(token[i + run]))
            {
                run++;
            }

            var next = i + run;
            if (next + 2 >= token.Length)
            {
                continue;
            }

            var sep = token[next];
            if (sep == ':' && run <= 2 && char.IsAsciiDigit(token[next + 1]) && char.IsAsciiDigit(token[next + 2]))
            {
                return true;
            }

            if ((sep == '-' || sep == '/') && run == 4 && char.IsAsciiDigit(token[next + 1]) && char.IsAsciiDigit(token[next + 2]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLongHex(string token)
    {
        var span = token.AsSpan().Trim("()[],;:.");
        if (span.Length < 12)
        {
            return false;
        }

        var digits = 0;
        var letters = 0;
        foreach (var c in span)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (char.IsAsciiHexDigit(c))
            {
                letters++;
            }
            else if (c != '-')
            {
                return false;
            }
        }

        return digits > 0 && letters > 0;
    }
}

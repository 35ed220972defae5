using System.Text;

namespace Martin360.Analysis.Text;

/// <summary>
/// Normalises actions and observations so that two attempts that differ only in noise compare equal.
/// Single pass over whitespace-separated tokens, on spans, no regex and no per-token allocation: analysis
/// re-runs on every append of a live run.
/// </summary>
public static class Normalizer
{
    /// <summary>Text beyond this many characters from each end is not compared: bounded cost per step.</summary>
    public const int MaxCompared = 8 * 1024;

    [ThreadStatic]
    private static StringBuilder? t_builder;

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

        var builder = Builder();
        AppendAction(builder, text);
        return builder.ToString();
    }

    /// <summary>Observations: timestamps, durations, addresses, long hex ids and temp paths become placeholders; other numbers stay.</summary>
    public static string Observation(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = Builder();
        AppendObservation(builder, text);
        return builder.ToString();
    }

    /// <summary>The stable hash of <see cref="Observation"/> without materialising the string.</summary>
    public static ulong ObservationHash(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return StableHash.Of("");
        }

        var builder = Builder();
        AppendObservation(builder, text);
        var hash = StableHash.Start;
        foreach (var chunk in builder.GetChunks())
        {
            foreach (var c in chunk.Span)
            {
                hash = StableHash.Add(hash, c);
            }
        }

        return StableHash.Add(hash, '\u0000');
    }

    /// <summary>The distinct tokens of a normalised text, as stable hashes (for Jaccard similarity).</summary>
    public static HashSet<ulong> TokenSet(string normalised)
    {
        var set = new HashSet<ulong>();
        var span = normalised.AsSpan();
        foreach (var range in span.Split(' '))
        {
            var token = span[range];
            if (token.Length > 0)
            {
                var hash = StableHash.Start;
                foreach (var c in token)
                {
                    hash = StableHash.Add(hash, c);
                }

                set.Add(hash);
            }
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

    /// <summary>Whitespace-separated tokens as substrings (ANSI escapes removed). For callers that need strings.</summary>
    internal static IEnumerable<string> Tokens(string text)
    {
        var list = new List<(int, int)>();
        TokenRanges(text, list);
        foreach (var (start, end) in list)
        {
            yield return text[start..end];
        }
    }

    private static StringBuilder Builder()
    {
        var builder = t_builder ??= new StringBuilder(1024);
        builder.Clear();
        return builder;
    }

    /// <summary>Token boundaries; ANSI escapes (ESC [ params letter) end a token and are skipped.</summary>
    private static void TokenRanges(string text, List<(int Start, int End)> ranges)
    {
        var start = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\u001b')
            {
                if (start >= 0)
                {
                    ranges.Add((start, i));
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
                    ranges.Add((start, i));
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
            ranges.Add((start, text.Length));
        }
    }

    [ThreadStatic]
    private static List<(int Start, int End)>? t_ranges;

    private static List<(int Start, int End)> Ranges(string text)
    {
        var ranges = t_ranges ??= new List<(int, int)>(256);
        ranges.Clear();
        TokenRanges(text, ranges);
        return ranges;
    }

    private static void AppendAction(StringBuilder builder, string text)
    {
        var source = Bounded(text);
        var ranges = Ranges(source);
        var span = source.AsSpan();

        // "cd /some/dir && cmd" and "cmd" are the same action when the agent keeps re-entering the directory.
        var startAt = 0;
        if (ranges.Count > 3 && Unquoted(span[ranges[0].Start..ranges[0].End]) is "cd")
        {
            var third = span[ranges[2].Start..ranges[2].End];
            if (third is "&&" or ";")
            {
                startAt = 3;
            }
        }

        for (var k = startAt; k < ranges.Count; k++)
        {
            var token = span[ranges[k].Start..ranges[k].End];
            if (token.IndexOfAny("'\"`") >= 0)
            {
                token = WithoutQuotes(token);
            }

            if (token.Length == 0)
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            AppendActionToken(builder, token);
        }
    }

    private static string Unquoted(ReadOnlySpan<char> token) => token.Trim("'\"`").ToString();

    private static string WithoutQuotes(ReadOnlySpan<char> token)
    {
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

    private static void AppendActionToken(StringBuilder builder, ReadOnlySpan<char> token)
    {
        if (token.IndexOfAnyInRange('0', '9') < 0 && !token.Contains('/'))
        {
            builder.Append(token);
            return;
        }

        if (IsTempName(token))
        {
            builder.Append("<tmp>");
            return;
        }

        if (token.Contains('/') && !token.Contains("://", StringComparison.Ordinal))
        {
            token = LastSegments(token, 2);
        }

        AppendCollapsedNumbers(builder, token);
    }

    private static void AppendObservation(StringBuilder builder, string text)
    {
        var source = Bounded(text);
        var ranges = Ranges(source);
        var span = source.AsSpan();
        var pendingNumber = -1;
        for (var k = 0; k < ranges.Count; k++)
        {
            var token = span[ranges[k].Start..ranges[k].End];
            if (pendingNumber >= 0)
            {
                var number = span[ranges[pendingNumber].Start..ranges[pendingNumber].End];
                pendingNumber = -1;
                if (IsDurationUnit(token))
                {
                    Append(builder, "<dur>");
                    continue;
                }

                Append(builder, number);
            }

            if (IsPlainNumber(token))
            {
                pendingNumber = k;
                continue;
            }

            Append(builder, ObservationToken(token));
        }

        if (pendingNumber >= 0)
        {
            Append(builder, span[ranges[pendingNumber].Start..ranges[pendingNumber].End]);
        }
    }

    private static void Append(StringBuilder builder, ReadOnlySpan<char> token)
    {
        if (builder.Length > 0)
        {
            builder.Append(' ');
        }

        builder.Append(token);
    }

    private static ReadOnlySpan<char> ObservationToken(ReadOnlySpan<char> token)
    {
        // Fast path for plain words: every placeholder below needs a digit or a slash.
        if (token.IndexOfAnyInRange('0', '9') < 0 && !token.Contains('/'))
        {
            return token;
        }

        if (IsTempName(token))
        {
            return "<tmp>";
        }

        if (token.Length > 3 && token.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
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
    private static void AppendCollapsedNumbers(StringBuilder builder, ReadOnlySpan<char> token)
    {
        if (token.IndexOfAnyInRange('0', '9') < 0)
        {
            builder.Append(token);
            return;
        }

        var i = 0;
        while (i < token.Length)
        {
            var c = token[i];
            if (!char.IsAsciiHexDigit(c))
            {
                builder.Append(c);
                i++;
                continue;
            }

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
            }
            else if (digits == 0)
            {
                builder.Append(token[i..end]);
            }
            else
            {
                // Mixed short run such as "v2" or "a1b": keep letters, collapse digits.
                for (var j = i; j < end; j++)
                {
                    if (!char.IsAsciiDigit(token[j]))
                    {
                        builder.Append(token[j]);
                    }
                    else if (j == i || !char.IsAsciiDigit(token[j - 1]))
                    {
                        builder.Append('#');
                    }
                }
            }

            i = end;
        }
    }

    private static ReadOnlySpan<char> LastSegments(ReadOnlySpan<char> path, int count)
    {
        var trimmed = path.TrimEnd('/');
        if (trimmed.StartsWith("./", StringComparison.Ordinal))
        {
            trimmed = trimmed[2..];
        }

        var cut = trimmed.Length;
        for (var i = 0; i < count; i++)
        {
            if (cut <= 0)
            {
                return trimmed;
            }

            cut = trimmed[..cut].LastIndexOf('/');
            if (cut < 0)
            {
                return trimmed;
            }
        }

        return trimmed[(cut + 1)..];
    }

    private static bool IsTempName(ReadOnlySpan<char> token)
    {
        if (token.Contains("/tmp/", StringComparison.Ordinal) || token.StartsWith("/tmp", StringComparison.Ordinal)
            || token.Contains("/var/folders/", StringComparison.Ordinal))
        {
            return true;
        }

        return token.Length >= 8 && token.StartsWith("tmp", StringComparison.Ordinal) && token[3..].IndexOfAnyInRange('0', '9') >= 0;
    }

    private static bool IsPlainNumber(ReadOnlySpan<char> token)
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

    private static bool IsDurationUnit(ReadOnlySpan<char> token) =>
        token.TrimEnd(".,)];") is "s" or "ms" or "sec" or "secs" or "second" or "seconds" or "min" or "mins"
            or "minute" or "minutes" or "h" or "hours";

    /// <summary>"0.119s", "(12ms)", "3.5sec": a number glued to a time unit.</summary>
    private static bool IsDurationToken(ReadOnlySpan<char> token)
    {
        var span = token.Trim("()[],;:");
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

        return span[i..] is "s" or "ms" or "sec" or "secs" or "m" or "min" or "h" or "us" or "µs" or "ns";
    }

    /// <summary>Dates (2025-09-03, 2025/09/03) and times of day (01:00:18, 12:30) anywhere in the token.</summary>
    private static bool IsTimestampLike(ReadOnlySpan<char> token)
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

    private static bool IsLongHex(ReadOnlySpan<char> token)
    {
        var span = token.Trim("()[],;:.");
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

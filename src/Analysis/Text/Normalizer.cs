using System.Runtime.CompilerServices;

namespace Martin360.Analysis.Text;

/// <summary>
/// Normalises actions and observations so that two attempts that differ only in noise compare equal.
/// Single pass over whitespace-separated tokens, on spans, no regex and no per-token allocation: analysis
/// re-runs on every append of a live run, and a run's messages and outputs are most of what it reads.
/// </summary>
public static class Normalizer
{
    /// <summary>Text beyond this many characters from each end is not compared: bounded cost per step.</summary>
    public const int MaxCompared = 8 * 1024;

    // What a character is to the tokenizer, looked up once per character: every token then knows whether it holds a
    // digit, a slash or a quote, and the common token (a plain word) takes no further scan.
    private const byte Space = 1;
    private const byte Escape = 2;
    private const byte Digit = 4;
    private const byte Slash = 8;
    private const byte Quote = 16;
    private const byte DotOrComma = 32;
    private const byte OtherChar = 64;

    private static readonly byte[] s_asciiKinds = AsciiKinds();

    [ThreadStatic]
    private static TextBuffer? t_buffer;

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

        var buffer = Buffer();
        AppendAction(buffer, text);
        return buffer.ToString();
    }

    /// <summary>
    /// The stable hash of <see cref="Action"/> added to <paramref name="hash"/> (as <see cref="StableHash.Add(ulong, string?)"/>
    /// would add the string), and the action's main program (see <see cref="MainProgram"/>), without materialising the action.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ulong AddAction(ulong hash, string? text, out string mainProgram)
    {
        if (string.IsNullOrEmpty(text))
        {
            mainProgram = "";
            return StableHash.Add(hash, "");
        }

        var buffer = Buffer();
        AppendAction(buffer, text);
        mainProgram = MainProgram(buffer.Span);
        return StableHash.Add(hash, buffer.Span);
    }

    /// <summary>
    /// The first two words of the last pipeline stage: "echo x | npx create-next-app ..." aims at npx create-next-app.
    /// Words are what splitting on spaces leaves non-empty.
    /// </summary>
    internal static string MainProgram(ReadOnlySpan<char> action)
    {
        var pipe = action.LastIndexOf(" | ", StringComparison.Ordinal);
        var stage = (pipe < 0 ? action : action[(pipe + 3)..]).TrimStart(' ');
        var end = stage.IndexOf(' ');
        if (end < 0)
        {
            return stage.ToString();
        }

        var rest = stage[end..].TrimStart(' ');
        if (rest.IsEmpty)
        {
            return stage[..end].ToString();
        }

        var secondEnd = rest.IndexOf(' ');
        return string.Concat(stage[..end], " ", secondEnd < 0 ? rest : rest[..secondEnd]);
    }

    /// <summary>Observations: timestamps, durations, addresses, long hex ids and temp paths become placeholders; other numbers stay.</summary>
    public static string Observation(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sink = new BufferSink(Buffer());
        AppendObservation(ref sink, text);
        return sink.Buffer.ToString();
    }

    /// <summary>The stable hash of <see cref="Observation"/> without materialising the string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong ObservationHash(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return StableHash.Of("");
        }

        var sink = new HashSink();
        AppendObservation(ref sink, text);
        return StableHash.Add(sink.Hash, '\u0000');
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
        foreach (var (start, end, _) in TokenList(text))
        {
            yield return text[start..end];
        }
    }

    private static List<Token> TokenList(string text)
    {
        var tokens = new List<Token>();
        var tokenizer = new Tokenizer(text);
        while (tokenizer.Next(out var token))
        {
            tokens.Add(token);
        }

        return tokens;
    }

    private static TextBuffer Buffer()
    {
        var buffer = t_buffer ??= new TextBuffer();
        buffer.Clear();
        return buffer;
    }

    private static byte[] AsciiKinds()
    {
        var kinds = new byte[128];
        for (var c = 0; c < kinds.Length; c++)
        {
            kinds[c] = c switch
            {
                '\u001b' => Escape,
                _ when char.IsWhiteSpace((char)c) => Space,
                >= '0' and <= '9' => Digit,
                '/' => Slash,
                '\'' or '"' or '`' => Quote,
                '.' or ',' => DotOrComma,
                _ => OtherChar,
            };
        }

        return kinds;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AppendAction(TextBuffer buffer, string text)
    {
        var source = Bounded(text).AsSpan();
        var tokenizer = new Tokenizer(source);

        // "cd /some/dir && cmd" and "cmd" are the same action when the agent keeps re-entering the directory.
        Span<Token> head = stackalloc Token[4];
        var count = 0;
        while (count < head.Length && tokenizer.Next(out head[count]))
        {
            count++;
        }

        var startAt = 0;
        if (count > 3 && source[head[0].Start..head[0].End].Trim("'\"`") is "cd" && source[head[2].Start..head[2].End] is "&&" or ";")
        {
            startAt = 3;
        }

        for (var k = startAt; k < count; k++)
        {
            AppendActionWord(buffer, source, head[k]);
        }

        while (tokenizer.Next(out var token))
        {
            AppendActionWord(buffer, source, token);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AppendActionWord(TextBuffer buffer, ReadOnlySpan<char> source, Token word)
    {
        var token = source[word.Start..word.End];
        if ((word.Kinds & Quote) != 0)
        {
            token = WithoutQuotes(token, buffer);
        }

        if (token.Length == 0)
        {
            return;
        }

        if (buffer.Length > 0)
        {
            buffer.Append(' ');
        }

        AppendActionToken(buffer, token, word.Kinds);
    }

    /// <summary>The token without its quote characters, in the buffer's scratch space (valid until the next call).</summary>
    private static ReadOnlySpan<char> WithoutQuotes(ReadOnlySpan<char> token, TextBuffer buffer)
    {
        var scratch = buffer.Scratch(token.Length);
        var length = 0;
        foreach (var c in token)
        {
            if (c is not ('\'' or '"' or '`'))
            {
                scratch[length++] = c;
            }
        }

        return scratch[..length];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AppendActionToken(TextBuffer buffer, ReadOnlySpan<char> token, byte kinds)
    {
        if ((kinds & (Digit | Slash)) == 0)
        {
            buffer.Append(token);
            return;
        }

        if (IsTempName(token))
        {
            buffer.Append("<tmp>");
            return;
        }

        if ((kinds & Slash) != 0 && !token.Contains("://", StringComparison.Ordinal))
        {
            token = LastSegments(token, 2);
        }

        AppendCollapsedNumbers(buffer, token);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AppendObservation<TSink>(ref TSink sink, string text)
        where TSink : struct, ITokenSink
    {
        var source = Bounded(text).AsSpan();
        var tokenizer = new Tokenizer(source);
        Token pending = default;
        var hasPending = false;
        while (tokenizer.Next(out var word))
        {
            var token = source[word.Start..word.End];
            if (hasPending)
            {
                hasPending = false;
                if (IsDurationUnit(token))
                {
                    sink.Add("<dur>");
                    continue;
                }

                sink.Add(source[pending.Start..pending.End]);
            }

            // A plain number: digits with dots or commas and nothing else.
            if ((word.Kinds & Digit) != 0 && (word.Kinds & ~(Digit | DotOrComma)) == 0)
            {
                pending = word;
                hasPending = true;
                continue;
            }

            sink.Add(ObservationToken(token, word.Kinds));
        }

        if (hasPending)
        {
            sink.Add(source[pending.Start..pending.End]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<char> ObservationToken(ReadOnlySpan<char> token, byte kinds)
    {
        // Fast path for plain words: every placeholder below needs a digit or a slash.
        if ((kinds & (Digit | Slash)) == 0)
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AppendCollapsedNumbers(TextBuffer buffer, ReadOnlySpan<char> token)
    {
        if (token.IndexOfAnyInRange('0', '9') < 0)
        {
            buffer.Append(token);
            return;
        }

        var i = 0;
        while (i < token.Length)
        {
            var c = token[i];
            if (!char.IsAsciiHexDigit(c))
            {
                buffer.Append(c);
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
                buffer.Append('#');
            }
            else if (digits == 0)
            {
                buffer.Append(token[i..end]);
            }
            else
            {
                // Mixed short run such as "v2" or "a1b": keep letters, collapse digits.
                for (var j = i; j < end; j++)
                {
                    if (!char.IsAsciiDigit(token[j]))
                    {
                        buffer.Append(token[j]);
                    }
                    else if (j == i || !char.IsAsciiDigit(token[j - 1]))
                    {
                        buffer.Append('#');
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

    /// <summary>A token: where it is in the text and which kinds of characters it holds.</summary>
    private readonly record struct Token(int Start, int End, byte Kinds);

    /// <summary>
    /// Whitespace-separated tokens of a text, one at a time, each with the kinds of characters it holds (one table
    /// lookup per character). ANSI escapes (ESC [ params letter) end a token and are skipped.
    /// </summary>
    private ref struct Tokenizer(ReadOnlySpan<char> text)
    {
        private readonly ReadOnlySpan<char> _text = text;
        private int _next;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool Next(out Token token)
        {
            var text = _text;
            var kinds = s_asciiKinds;
            var start = -1;
            byte seen = 0;
            var i = _next;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                var kind = c < 128 ? kinds[c] : char.IsWhiteSpace(c) ? Space : OtherChar;
                if (kind == Escape)
                {
                    if (start >= 0)
                    {
                        // The escape is skipped on the next call.
                        token = new Token(start, i, seen);
                        _next = i;
                        return true;
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

                if (kind == Space)
                {
                    if (start >= 0)
                    {
                        token = new Token(start, i, seen);
                        _next = i + 1;
                        return true;
                    }
                }
                else
                {
                    if (start < 0)
                    {
                        start = i;
                        seen = 0;
                    }

                    seen |= kind;
                }
            }

            _next = i;
            token = start >= 0 ? new Token(start, text.Length, seen) : default;
            return start >= 0;
        }
    }

    /// <summary>Where normalised tokens go: joined by single spaces into a buffer, or straight into a hash.</summary>
    private interface ITokenSink
    {
        void Add(ReadOnlySpan<char> token);
    }

    private struct HashSink() : ITokenSink
    {
        private bool _any;

        public ulong Hash { get; private set; } = StableHash.Start;

        public void Add(ReadOnlySpan<char> token)
        {
            var hash = Hash;
            if (_any)
            {
                hash = StableHash.Add(hash, ' ');
            }

            foreach (var c in token)
            {
                hash = StableHash.Add(hash, c);
            }

            Hash = hash;
            _any = true;
        }
    }

    private readonly struct BufferSink(TextBuffer buffer) : ITokenSink
    {
        public TextBuffer Buffer { get; } = buffer;

        public void Add(ReadOnlySpan<char> token)
        {
            if (Buffer.Length > 0)
            {
                Buffer.Append(' ');
            }

            Buffer.Append(token);
        }
    }
}

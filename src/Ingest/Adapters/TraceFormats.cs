using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Martin360.Ingest.Adapters;

/// <summary>Every known trace format, in detection order (most specific first), and detection from content.</summary>
public sealed class TraceFormats
{
    /// <param name="adapters">The adapters, in detection order.</param>
    public TraceFormats(IEnumerable<ITraceAdapter> adapters)
    {
        Adapters = adapters.ToArray();
    }

    public IReadOnlyList<ITraceAdapter> Adapters { get; }

    /// <summary>The built-in adapters. Order matters: the first whose CanRead says yes reads the content.</summary>
    public static TraceFormats CreateDefault() => new(
    [
        new NativeTraceAdapter(),
        new OtlpJsonTraceAdapter(),
        new MartinLoop.MartinLoopAdapter(),
        new Aider.AiderAnalyticsAdapter(),
        new MiniSweAgent.MiniSweAgentAdapter(),
        new SweAgent.SweAgentAdapter(),
        new OpenHands.OpenHandsAdapter(),
        new Shared.SweBenchArtifactAdapter(),
        new CodexAdapter(),
        new GeminiAdapter(),
        new ClaudeCodeAdapter(),
        new Aider.AiderChatHistoryAdapter(),
    ]);

    public ITraceAdapter? Detect(string content) => Detect(TraceSample.Of(content));

    public ITraceAdapter? Find(string format) =>
        Adapters.FirstOrDefault(a => string.Equals(a.Format, format, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads content in the named format, or in the detected one when format is null or "auto".</summary>
    public AdapterResult Read(string sourceName, string content, string? format = null)
    {
        if (content.Length == 0 || content.AsSpan().Trim().IsEmpty)
        {
            return Empty();
        }

        if (content.Contains('\0'))
        {
            return Binary();
        }

        var adapter = IsAuto(format) ? Detect(content) : Find(format!);

        // Adapters only map: verifier runs and computed costs come from TraceEnrichment, for every door alike.
        return adapter is null ? Unknown(format) : adapter.Read(sourceName, content);
    }

    /// <summary>
    /// Reads a file's bytes exactly as <see cref="Read(string, string, string?)"/> reads the text File.ReadAllText
    /// makes of them. Valid UTF-8 goes to an adapter that reads UTF-8 itself (<see cref="IUtf8TraceAdapter"/>) as it
    /// is: a large session is then never decoded to a string only to be encoded back. Anything else (another byte
    /// order mark, invalid UTF-8, an adapter that reads text) takes the text path.
    /// </summary>
    public AdapterResult Read(string sourceName, ReadOnlyMemory<byte> bytes, string? format = null)
    {
        var utf8 = bytes.Span.StartsWith(Utf8Bom) ? bytes[Utf8Bom.Length..] : bytes;
        var span = utf8.Span;
        var first = span.IndexOfAnyExcept(AsciiWhiteSpace);

        // Only a text that starts with ASCII is judged here; one that starts with other (maybe white) space is rare.
        if (!Utf8.IsValid(span) || (first >= 0 && span[first] >= 0x80))
        {
            return Read(sourceName, Decode(bytes), format);
        }

        if (first < 0)
        {
            return Empty();
        }

        if (span.Contains((byte)0))
        {
            return Binary();
        }

        var sample = IsAuto(format) ? SampleOf(span) : null;
        var adapter = sample is not null ? Detect(sample) : Find(format!);
        return adapter switch
        {
            null => Unknown(format),
            IUtf8TraceAdapter reader => reader.Read(sourceName, utf8, sample ?? SampleOf(span)),
            _ => adapter.Read(sourceName, Encoding.UTF8.GetString(span)),
        };
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The bytes char.IsWhiteSpace holds white among ASCII.</summary>
    private static ReadOnlySpan<byte> AsciiWhiteSpace => [(byte)' ', (byte)'\t', (byte)'\n', (byte)'\v', (byte)'\f', (byte)'\r'];

    private static bool IsAuto(string? format) => string.IsNullOrEmpty(format) || format == "auto";

    private ITraceAdapter? Detect(TraceSample sample) => Adapters.FirstOrDefault(a => a.CanRead(sample));

    /// <summary>The sample <see cref="TraceSample.Of"/> takes of the decoded text, decoding only as much as it looks at.</summary>
    private static TraceSample SampleOf(ReadOnlySpan<byte> utf8)
    {
        var buffer = ArrayPool<char>.Shared.Rent(Math.Min(utf8.Length, TraceSample.HeadChars));
        try
        {
            var head = buffer.AsSpan(0, Math.Min(utf8.Length, TraceSample.HeadChars));
            Utf8.ToUtf16(utf8, head, out var bytesRead, out var charsWritten);

            // The decoder writes a surrogate pair whole or not at all; a substring of the text may end between the two.
            if (charsWritten == head.Length - 1 && Rune.DecodeFromUtf8(utf8[bytesRead..], out var rune, out _) == OperationStatus.Done
                && rune.Utf16SequenceLength == 2)
            {
                Span<char> pair = stackalloc char[2];
                rune.EncodeToUtf16(pair);
                head[charsWritten++] = pair[0];
            }

            return TraceSample.Of(new string(head[..charsWritten]));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>What File.ReadAllText makes of the bytes: a byte order mark decides the encoding, else UTF-8 (bad bytes replaced).</summary>
    private static string Decode(ReadOnlyMemory<byte> bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes.ToArray()), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static AdapterResult Empty() => AdapterResult.Failed("unknown", new ImportIssue(ImportIssueLevel.Error, "The file is empty."));

    private static AdapterResult Binary() =>
        AdapterResult.Failed("unknown", new ImportIssue(ImportIssueLevel.Error, "The file is binary (it contains NUL bytes), not a trace."));

    private AdapterResult Unknown(string? format)
    {
        var message = IsAuto(format)
            ? $"Unknown trace format: none of {string.Join(", ", Adapters.Select(a => a.Format))} recognises this content."
            : $"Unknown format name '{format}'. Known: {string.Join(", ", Adapters.Select(a => a.Format))}.";
        return AdapterResult.Failed(format ?? "unknown", new ImportIssue(ImportIssueLevel.Error, message, 1));
    }
}

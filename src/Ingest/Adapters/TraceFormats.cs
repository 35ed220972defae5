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

    public ITraceAdapter? Detect(string content)
    {
        var sample = TraceSample.Of(content);
        return Adapters.FirstOrDefault(a => a.CanRead(sample));
    }

    public ITraceAdapter? Find(string format) =>
        Adapters.FirstOrDefault(a => string.Equals(a.Format, format, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads content in the named format, or in the detected one when format is null or "auto".</summary>
    public AdapterResult Read(string sourceName, string content, string? format = null)
    {
        if (content.Length == 0 || content.AsSpan().Trim().IsEmpty)
        {
            return AdapterResult.Failed("unknown", new ImportIssue(ImportIssueLevel.Error, "The file is empty."));
        }

        if (content.Contains('\0'))
        {
            return AdapterResult.Failed("unknown", new ImportIssue(ImportIssueLevel.Error, "The file is binary (it contains NUL bytes), not a trace."));
        }

        var adapter = string.IsNullOrEmpty(format) || format == "auto" ? Detect(content) : Find(format);
        if (adapter is null)
        {
            var message = string.IsNullOrEmpty(format) || format == "auto"
                ? $"Unknown trace format: none of {string.Join(", ", Adapters.Select(a => a.Format))} recognises this content."
                : $"Unknown format name '{format}'. Known: {string.Join(", ", Adapters.Select(a => a.Format))}.";
            return AdapterResult.Failed(format ?? "unknown", new ImportIssue(ImportIssueLevel.Error, message, 1));
        }

        // Adapters only map: verifier runs and computed costs come from TraceEnrichment, for every door alike.
        return adapter.Read(sourceName, content);
    }
}

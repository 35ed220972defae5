namespace Martin360.Ingest.Adapters;

/// <summary>
/// Turns one agent's native trace bytes into the one trace model. Thin: parse, map, count and report rejects.
/// No I/O, no clock: the caller hands over the text and a name for messages.
/// </summary>
public interface ITraceAdapter
{
    /// <summary>The wire name of the format, e.g. "claude-code", stored as the run's source format.</summary>
    string Format { get; }

    /// <summary>Whether this adapter recognises the content, judged from its beginning (not from a file name).</summary>
    bool CanRead(TraceSample sample);

    /// <summary>Reads the whole content. Never throws for bad input: problems become <see cref="ImportIssue"/>s.</summary>
    AdapterResult Read(string sourceName, string content);
}

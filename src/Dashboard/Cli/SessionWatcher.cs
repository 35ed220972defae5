using Martin360.Ingest.Import;

namespace Martin360.Dashboard.Cli;

/// <summary>
/// Follows a Claude Code (~/.claude/projects/...) or Codex (~/.codex/sessions/...) session directory: every poll
/// finds *.jsonl files that are new or have grown and posts their complete lines to the import endpoint. Step ids
/// are deterministic per file, so re-posting a grown file only adds its new steps (and completes steps whose result
/// arrived since); a trailing partial line waits until the agent has finished writing it.
/// </summary>
public sealed class SessionWatcher(ImportClient client, string directory, TextWriter output)
{
    private readonly Dictionary<string, FileState> _files = new(StringComparer.Ordinal);

    /// <summary>Checks every session file once and posts those with new complete lines; returns what each post did.</summary>
    public async Task<IReadOnlyList<ImportFileResult>> PollOnceAsync(CancellationToken cancellationToken)
    {
        var results = new List<ImportFileResult>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                continue;
            }

            var length = info.Length;

            var state = _files.GetValueOrDefault(path) ?? new FileState(0, 0);
            if (length == state.SeenLength)
            {
                continue;
            }

            if (length < state.SeenLength)
            {
                // Truncated or replaced: start over (the import stays idempotent).
                state = new FileState(0, 0);
            }

            byte[] content;
            try
            {
                content = await ReadSharedAsync(path, cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var complete = content.AsSpan().LastIndexOf((byte)'\n') + 1;
            if (complete <= state.PostedLength)
            {
                _files[path] = state with { SeenLength = content.Length };
                continue;
            }

            var name = Path.GetRelativePath(directory, path).Replace('\\', '/');
            var result = await client.ImportAsync(name, content.AsMemory(0, complete), "auto", cancellationToken);
            _files[path] = new FileState(content.Length, complete);
            results.Add(result);
            output.WriteLine($"{DateTime.Now:HH:mm:ss} " + ImportSummary.Line(result));
            foreach (var line in ImportSummary.ErrorLines(result))
            {
                output.WriteLine(line);
            }
        }

        return results;
    }

    /// <summary>Polls until cancelled (Ctrl+C). A server that is briefly unreachable is retried on the next poll.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        output.WriteLine($"Watching {directory} for session files (*.jsonl); Ctrl+C stops.");
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(cancellationToken);
            }
            catch (HttpRequestException exception)
            {
                output.WriteLine($"{DateTime.Now:HH:mm:ss} cannot reach {client.Server}: {exception.Message}; retrying");
            }

            try
            {
                await Task.Delay(interval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path, CancellationToken cancellationToken)
    {
        // The agent is writing the file right now: read alongside it, never lock it.
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private sealed record FileState(long SeenLength, long PostedLength);
}

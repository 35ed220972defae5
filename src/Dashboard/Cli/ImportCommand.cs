using Martin360.Ingest.Import;
using Spectre.Console;

namespace Martin360.Dashboard.Cli;

/// <summary>
/// `martin360 import PATH...`: posts trace files (directories recursively) to a server's import endpoint with a
/// progress bar over all bytes and one summary line per file. Exit 0 when every file imported, 1 when any file
/// failed or imported only in part, 2 for a bad call or an unreachable server.
/// </summary>
public sealed class ImportCommand(ImportClient client, IAnsiConsole console, TextWriter error)
{
    public const int ExitFilesNotImported = 1;
    public const int ExitUsage = 2;

    public async Task<int> RunAsync(IReadOnlyList<string> paths, string? format, CancellationToken cancellationToken)
    {
        var missing = paths.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToArray();
        if (missing.Length > 0)
        {
            return Usage($"no such file or directory: {string.Join(", ", missing)}");
        }

        var files = paths.SelectMany(Files).ToArray();
        if (files.Length == 0)
        {
            return Usage($"no trace files found in {string.Join(", ", paths)}");
        }

        var results = new List<ImportFileResult>(files.Length);
        try
        {
            await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"Importing {files.Length} file(s)", maxValue: Math.Max(1, files.Sum(f => f.Bytes)));
                    foreach (var file in files)
                    {
                        var result = await ImportOneAsync(file, format, cancellationToken);
                        results.Add(result);
                        Report(result);
                        task.Increment(file.Bytes);
                    }
                });
        }
        catch (HttpRequestException exception)
        {
            return Usage($"cannot reach the server at {client.Server}: {exception.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Usage($"the server at {client.Server} did not answer in time");
        }
        catch (CliUsageException exception)
        {
            return Usage(exception.Message);
        }

        return Conclude(results);
    }

    private async Task<ImportFileResult> ImportOneAsync(TraceFile file, string? format, CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(file.Path, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return ImportClient.Failed(file.Name, "cannot read the file: " + exception.Message);
        }

        return await client.ImportAsync(file.Name, content, format, cancellationToken);
    }

    private void Report(ImportFileResult result)
    {
        console.WriteLine(ImportSummary.Line(result));
        foreach (var line in ImportSummary.ErrorLines(result))
        {
            console.WriteLine(line);
        }
    }

    private int Conclude(IReadOnlyList<ImportFileResult> results)
    {
        var imported = results.Count(r => r.Status == "imported");
        var partial = results.Where(r => r.Status == "partial").ToArray();
        var failed = results.Where(r => r.Status is not ("imported" or "partial")).ToArray();
        console.WriteLine($"{results.Count} file(s): {imported} imported, {partial.Length} partial, {failed.Length} failed; "
            + $"{results.Sum(r => r.Runs.Count)} runs, {results.Sum(r => r.Steps)} new steps, {results.Sum(r => r.DuplicateSteps)} duplicates");
        foreach (var result in partial.Concat(failed))
        {
            console.WriteLine($"not fully imported ({result.Status}): {result.Source}");
        }

        return partial.Length + failed.Length > 0 ? ExitFilesNotImported : 0;
    }

    private int Usage(string message)
    {
        error.WriteLine("import: " + message);
        return ExitUsage;
    }

    /// <summary>A file given directly is named by its file name; files found in a directory by their path below it.</summary>
    private static IEnumerable<TraceFile> Files(string path) =>
        Directory.Exists(path)
            ? TraceFileWalker.Expand([path]).Select(f => new TraceFile(f, Path.GetRelativePath(path, f).Replace('\\', '/'), new FileInfo(f).Length))
            : [new TraceFile(path, Path.GetFileName(path), new FileInfo(path).Length)];

    private sealed record TraceFile(string Path, string Name, long Bytes);
}

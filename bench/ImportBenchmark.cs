using System.Diagnostics;
using Martin360.Ingest;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Import;
using Martin360.Tests.Shared;
using Martin360.Tests.Shared.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Martin360.Bench;

/// <summary>
/// Import throughput per format over the real traces (../shared/traces): reading and enriching in-process
/// (TraceFormats + TraceEnrichment, repeated until each format has run for a while), and the whole import into a
/// temp store through ImportService (each file once: a second import would only find duplicates).
/// </summary>
public static class ImportBenchmark
{
    private static readonly TimeSpan s_minimumPerFormat = TimeSpan.FromSeconds(1);

    public static async Task RunAsync()
    {
        var formats = TraceFormats.CreateDefault();
        var enrichment = TraceEnrichment.Default;
        var files = Directory.EnumerateFiles(TraceFiles.Root, "*", SearchOption.AllDirectories)
            .Select(path => (Path: path, Content: File.ReadAllText(path)))
            .Select(f => (f.Path, f.Content, Read: formats.Read(f.Path, f.Content)))
            .Where(f => f.Read.Traces.Count > 0)
            .ToArray();

        Console.WriteLine($"{files.Length} trace files from {TraceFiles.Root}");
        Console.WriteLine();
        Console.WriteLine("Read + enrich in-process (TraceFormats + TraceEnrichment)");
        Console.WriteLine($"{"format",-18} {"files",5} {"KB",8} {"steps",7} {"reps",6} {"MB/s",8} {"steps/s",11}");
        foreach (var group in files.GroupBy(f => f.Read.Format).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var bytes = group.Sum(f => (long)System.Text.Encoding.UTF8.GetByteCount(f.Content));
            var steps = group.Sum(f => f.Read.Traces.Sum(t => t.Steps.Count));
            var reps = 0;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < s_minimumPerFormat || reps < 3)
            {
                foreach (var (path, content, _) in group)
                {
                    foreach (var trace in formats.Read(path, content).Traces)
                    {
                        enrichment.Enrich(trace);
                    }
                }

                reps++;
            }

            watch.Stop();
            var seconds = watch.Elapsed.TotalSeconds / reps;
            Console.WriteLine($"{group.Key,-18} {group.Count(),5} {bytes / 1024.0,8:N0} {steps,7:N0} {reps,6} {bytes / seconds / 1e6,8:F1} {steps / seconds,11:N0}");
        }

        Console.WriteLine();
        Console.WriteLine("Import into a temp store (ImportService: read, enrich, redact, store, analyse), each file once");
        Console.WriteLine($"{"format",-18} {"files",5} {"KB",8} {"steps",7} {"ms",8} {"MB/s",8} {"steps/s",11}");
        await using var host = await AppHost.StartAsync(null, ("environment", "Production"));
        var importer = host.Services.GetRequiredService<ImportService>();

        // Warm up the store path (JIT, EF model, prepared statements) on a throwaway copy of a small trace.
        var warm = files.MinBy(f => f.Content.Length);
        await importer.ImportAsync("warm-up", warm.Content, null, CancellationToken.None);

        foreach (var group in files.Where(f => f != warm).GroupBy(f => f.Read.Format).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var bytes = group.Sum(f => (long)System.Text.Encoding.UTF8.GetByteCount(f.Content));
            var steps = 0;
            var watch = Stopwatch.StartNew();
            foreach (var (path, content, _) in group)
            {
                var result = await importer.ImportAsync(Path.GetFileName(path), content, null, CancellationToken.None);
                steps += result.Steps;
            }

            watch.Stop();
            var seconds = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"{group.Key,-18} {group.Count(),5} {bytes / 1024.0,8:N0} {steps,7:N0} {watch.Elapsed.TotalMilliseconds,8:F0} {bytes / seconds / 1e6,8:F2} {steps / seconds,11:N0}");
        }
    }
}

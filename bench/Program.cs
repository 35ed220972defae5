// dotnet run -c Release --project bench [-- NAME...]: runs the named benchmarks (all when none are named).
// Every benchmark measures its subject and its baseline side by side in this one run and prints the ratio.
var benchmarks = new Dictionary<string, Func<Task>>(StringComparer.OrdinalIgnoreCase)
{
    ["analysis"] = Martin360.Bench.AnalysisBenchmark.RunAsync,
    ["ingest"] = Martin360.Bench.IngestBenchmark.RunAsync,
    ["import"] = Martin360.Bench.ImportBenchmark.RunAsync,
    ["analyze-vs-ccusage"] = Martin360.Bench.AnalyzeVsCcusageBenchmark.RunAsync,
    ["overview-triage"] = Martin360.Bench.OverviewTriageBenchmark.RunAsync,
    ["run-detail-render"] = Martin360.Bench.RunDetailRenderBenchmark.RunAsync,
    ["live-latency"] = Martin360.Bench.LiveLatencyBenchmark.RunAsync,
};

var selected = args.Length == 0 ? benchmarks.Keys.ToArray() : args;
foreach (var name in selected)
{
    if (!benchmarks.TryGetValue(name, out var run))
    {
        Console.Error.WriteLine($"Unknown benchmark '{name}'. Known: {string.Join(", ", benchmarks.Keys)}");
        return 2;
    }

    Console.WriteLine($"== {name}");
    await run();
}

return 0;

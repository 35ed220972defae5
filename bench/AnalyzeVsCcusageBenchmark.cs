using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Martin360.Analysis.Findings;
using Martin360.Dashboard.Cli;
using Martin360.Ingest;
using Martin360.Ingest.Adapters;
using Martin360.Tests.Shared;

namespace Martin360.Bench;

/// <summary>
/// `martin360 analyze --json` against `ccusage session --offline --json` (its native binary, and through npx), each
/// run as a process, over the same corpus of at least 50 MB: the Claude Code sample sessions copied again and again, each copy
/// with its own session id, message ids and request ids (ccusage de-duplicates by message and request id, so plain
/// copies would count once). Both totals, both times, and the ratio. Goal: the same totals, at least 2x faster.
/// </summary>
public static class AnalyzeVsCcusageBenchmark
{
    private const long CorpusBytes = 50L * 1024 * 1024;

    // The session files ccusage reads (.jsonl); the statusline snapshot is not one. Same list as the agreement test.
    private static readonly string[] s_sessions =
    [
        "1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl",
        "5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl",
        "agent-test-hash-123.jsonl",
        "fe5e1c67-53e7-4862-81ae-d0e013e3270b.jsonl",
        "ccusage_claude_chat.jsonl",
        "claude-code-log_representative_messages.jsonl",
    ];

    private const int Trials = 3;

    public static Task RunAsync()
    {
        var config = Directory.CreateTempSubdirectory("m360-bench-ccusage-");
        try
        {
            var (files, bytes) = BuildCorpus(config.FullName);
            var projects = Path.Combine(config.FullName, "projects");
            Console.WriteLine($"corpus: {files:N0} session files, {bytes / 1e6:F1} MB in {projects}");
            _ = Ccusage.Directory; // npm install before the clock starts

            // Each tool as a user runs it: a process from start to exit, start-up and JIT included. martin360 is the
            // executable built beside this bench (Release); ccusage 20 is a static native binary, which `npx ccusage`
            // finds and runs after npm and Node start.
            var martin360 = Path.Combine(AppContext.BaseDirectory, "martin360");
            var timeout = TimeSpan.FromMinutes(10);
            var tools = new Tool[]
            {
                new("martin360 analyze --json", () => ChildProcess.Run(AppContext.BaseDirectory, timeout, [martin360, "analyze", "--json", projects], []), OursFromLines),
                new($"ccusage {Ccusage.Version} native binary", () => Ccusage.RunNativeSessionReport(config.FullName), Theirs),
                new($"npx ccusage {Ccusage.Version}", () => Ccusage.RunSessionReport(config.FullName), Theirs),
            };

            // One untimed run of each (the corpus into the page cache), then trials in a rotating order so that no tool
            // always runs first or last on this shared machine.
            var totals = tools.Select(t => t.Totals(t.RunChecked())).ToArray();
            var times = tools.Select(_ => new List<TimeSpan>()).ToArray();
            for (var trial = 0; trial < Trials; trial++)
            {
                for (var k = 0; k < tools.Length; k++)
                {
                    var i = (trial + k) % tools.Length;
                    var watch = Stopwatch.StartNew();
                    tools[i].RunChecked();
                    times[i].Add(watch.Elapsed);
                }
            }

            // In-process after a warm-up: what analyze costs without process start-up and JIT, for reference.
            Ours(Path.Combine(projects, "copy-0000"));
            var inProcess = Stopwatch.StartNew();
            var warm = Ours(projects);
            var warmTime = inProcess.Elapsed;

            Console.WriteLine();
            Console.WriteLine($"{"tool (median of " + Trials + " trials)",-40} {"seconds",8} {"MB/s",7} {"sessions",8} {"input",12} {"output",12} {"cache read",14} {"cache write",13} {"cost USD",12}  trials");
            var medians = times.Select(Median).ToArray();
            for (var i = 0; i < tools.Length; i++)
            {
                Print(tools[i].Name, medians[i], bytes, totals[i], string.Join(" ", times[i].Select(t => t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture))));
            }

            Print("martin360 in-process, warm (reference)", warmTime, bytes, warm, "");
            var agree = totals.Skip(1).Append(warm).All(t => Agree(totals[0], t));
            Console.WriteLine($"ratio vs ccusage's native binary: martin360 is {medians[1] / medians[0]:F2}x as fast (goal >= 2)");
            Console.WriteLine($"ratio vs npx ccusage:             martin360 is {medians[2] / medians[0]:F2}x as fast");
            Console.WriteLine("totals " + (agree ? "agree within 1%" : "DIFFER"));
            Phases(projects);
            return Task.CompletedTask;
        }
        finally
        {
            config.Delete(recursive: true);
        }
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    private static (int Files, long Bytes) BuildCorpus(string configDir)
    {
        var samples = s_sessions.Select(name => (Name: name, Content: Ccusage.Compact(TraceFiles.Read("claude-code/" + name)))).ToArray();
        var setBytes = samples.Sum(s => (long)System.Text.Encoding.UTF8.GetByteCount(s.Content));
        var copies = (int)(CorpusBytes / setBytes) + 1;
        var sessionIds = samples.SelectMany(s => SessionIds(s.Content)).Distinct(StringComparer.Ordinal).ToArray();
        for (var copy = 0; copy < copies; copy++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(configDir, "projects", $"copy-{copy:D4}"));
            foreach (var (name, content) in samples)
            {
                var text = content
                    .Replace("\"id\":\"msg", $"\"id\":\"c{copy}-msg", StringComparison.Ordinal)
                    .Replace("\"requestId\":\"req", $"\"requestId\":\"c{copy}-req", StringComparison.Ordinal);
                var fileName = name;
                foreach (var id in sessionIds)
                {
                    var copied = $"c{copy:D4}-{id}";
                    text = text.Replace(id, copied, StringComparison.Ordinal);
                    fileName = fileName.Replace(id, copied, StringComparison.Ordinal);
                }

                File.WriteAllText(Path.Combine(folder.FullName, fileName), text);
            }
        }

        return (copies * samples.Length, copies * setBytes);
    }

    private static IEnumerable<string> SessionIds(string content)
    {
        foreach (var line in content.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("sessionId", out var id) && id.GetString() is { Length: > 0 } value)
            {
                yield return value;
            }
        }
    }

    private static Totals Ours(string directory)
    {
        using var output = new StringWriter();
        var command = new AnalyzeCommand(TraceFormats.CreateDefault(), TraceEnrichment.Default, output, TextWriter.Null);
        command.Run([directory], json: true, new HashSet<FindingKind>());
        return OursFromLines(output.ToString());
    }

    private static Totals OursFromLines(string lines)
    {
        var totals = new Totals();
        foreach (var line in lines.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (!root.TryGetProperty("tokens", out var tokens))
            {
                continue;
            }

            totals.Sessions++;
            totals.Input += tokens.GetProperty("input").GetInt64();
            totals.Output += tokens.GetProperty("output").GetInt64();
            totals.CacheRead += tokens.GetProperty("cacheRead").GetInt64();
            totals.CacheWrite += tokens.GetProperty("cacheWrite").GetInt64();
            totals.Cost += root.TryGetProperty("costUsd", out var cost) && cost.ValueKind == JsonValueKind.Number ? cost.GetDouble() : 0;
        }

        return totals;
    }

    /// <summary>Where our time goes: each stage of one file's analysis, single-threaded over a tenth of the corpus.</summary>
    private static void Phases(string projects)
    {
        var formats = TraceFormats.CreateDefault();
        var files = Directory.GetDirectories(projects).Order(StringComparer.Ordinal).Take(Math.Max(1, Directory.GetDirectories(projects).Length / 10))
            .SelectMany(d => Directory.GetFiles(d)).ToArray();
        var stages = new (string Name, Stopwatch Watch)[] { ("read file", new()), ("parse + map (adapter)", new()), ("enrich (verifiers, cost)", new()), ("analyze", new()), ("report JSON", new()) };
        long bytes = 0;
        foreach (var file in files)
        {
            stages[0].Watch.Start();
            var text = File.ReadAllText(file);
            stages[0].Watch.Stop();
            bytes += text.Length;
            stages[1].Watch.Start();
            var result = formats.Read(file, text);
            stages[1].Watch.Stop();
            foreach (var raw in result.Traces)
            {
                stages[2].Watch.Start();
                var trace = TraceEnrichment.Default.Enrich(raw);
                stages[2].Watch.Stop();
                stages[3].Watch.Start();
                var analysis = Martin360.Analysis.TraceAnalyzer.Analyze(trace);
                stages[3].Watch.Stop();
                stages[4].Watch.Start();
                _ = AnalyzeCommand.ToJsonLine(AnalyzeCommand.ToReport(file, result.Format, trace, analysis));
                stages[4].Watch.Stop();
            }
        }

        Console.WriteLine($"where the time goes, one thread, {files.Length} files, {bytes / 1e6:F1} MB:");
        foreach (var (name, watch) in stages)
        {
            Console.WriteLine($"  {name,-26} {watch.Elapsed.TotalMilliseconds,8:F0} ms {bytes / 1e6 / watch.Elapsed.TotalSeconds,8:F1} MB/s");
        }
    }

    private static Totals Theirs(string json)
    {
        using var document = JsonDocument.Parse(json);
        var totals = new Totals();
        foreach (var session in document.RootElement.GetProperty("session").EnumerateArray())
        {
            if (session.TryGetProperty("agent", out var agent) && agent.GetString() != "claude")
            {
                continue;
            }

            totals.Sessions++;
            totals.Input += session.GetProperty("inputTokens").GetInt64();
            totals.Output += session.GetProperty("outputTokens").GetInt64();
            totals.CacheRead += session.GetProperty("cacheReadTokens").GetInt64();
            totals.CacheWrite += session.GetProperty("cacheCreationTokens").GetInt64();
            totals.Cost += session.GetProperty("totalCost").GetDouble();
        }

        return totals;
    }

    private static bool Agree(Totals a, Totals b)
    {
        static bool Close(double x, double y) => Math.Abs(x - y) <= 0.01 * Math.Max(Math.Abs(x), Math.Abs(y));
        return Close(a.Input, b.Input) && Close(a.Output, b.Output) && Close(a.CacheRead, b.CacheRead) && Close(a.CacheWrite, b.CacheWrite) && Close(a.Cost, b.Cost);
    }

    private static void Print(string tool, TimeSpan time, long bytes, Totals t, string trials) =>
        Console.WriteLine($"{tool,-40} {time.TotalSeconds,8:F2} {bytes / time.TotalSeconds / 1e6,7:F1} {t.Sessions,8:N0} {t.Input,12:N0} {t.Output,12:N0} {t.CacheRead,14:N0} {t.CacheWrite,13:N0} {t.Cost,12:N2}  {trials}");

    /// <summary>One tool under test: how to run it, and how to read its totals from what it printed.</summary>
    private sealed record Tool(string Name, Func<(int Exit, string Output, string Error)> Run, Func<string, Totals> Totals)
    {
        public string RunChecked()
        {
            var (exit, output, error) = Run();
            return exit == 0 ? output : throw new InvalidOperationException($"{Name} exited {exit}: {error}");
        }
    }

    private sealed class Totals
    {
        public int Sessions { get; set; }
        public long Input { get; set; }
        public long Output { get; set; }
        public long CacheRead { get; set; }
        public long CacheWrite { get; set; }
        public double Cost { get; set; }
    }
}

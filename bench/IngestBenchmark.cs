using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Martin360.Analysis.Model;
using Martin360.Ingest;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Native;
using Martin360.Ingest.Storage;
using Martin360.Tests.Shared.Hosting;
using Microsoft.Data.Sqlite;

namespace Martin360.Bench;

/// <summary>
/// HTTP ingest (POST /api/v1/runs/{id}/steps, batches of 100, the real app in-process) against a raw SQLite batched
/// insert of the same rows (same columns and key, WAL, the same synchronous setting, one transaction per batch).
/// Goal: HTTP reaches at least half the raw rate.
/// </summary>
public static class IngestBenchmark
{
    private const int Runs = 50;
    private const int BatchesPerRun = 10;
    private const int BatchSize = 100;
    private const int Clients = 4;
    private const int Trials = 3;

    public static async Task RunAsync()
    {
        var batches = Generate();
        var totalSteps = batches.Sum(b => b.Steps.Count);
        var textChars = batches.Sum(b => b.Steps.Sum(s => (s.Output?.Length ?? 0) + (s.Input?.Length ?? 0)));
        Console.WriteLine($"{Runs} runs x {BatchesPerRun} batches x {BatchSize} steps = {totalSteps:N0} steps, {textChars / (double)totalSteps:N0} text chars per step on average");

        // Steady state, as a server that has been up for a while: the app loads some 20,000 methods (ASP.NET Core, EF Core,
        // Blazor, SignalR) and tiered compilation keeps re-compiling hot ones for many seconds after start (measured: 4 s
        // of JIT time in the 8 s after the first 8 s). Untimed passes of both sides until the JIT has settled, so no trial
        // pays for compilation. It never quite reaches zero: every trial starts a fresh app, whose dependency injection
        // compiles its own resolvers, a cost the trials keep (against the HTTP side).
        for (var pass = 1; pass <= 5; pass++)
        {
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            var passClock = Stopwatch.StartNew();
            await RawSqliteAsync(batches);
            await HttpAsync(batches);
            var jitShare = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore) / passClock.Elapsed;
            Console.WriteLine($"warm-up pass {pass}: JIT {jitShare:P0} of the pass");
            if (jitShare < 0.10)
            {
                break;
            }
        }

        // Raw and HTTP alternate, trial by trial, and the median trial is reported: on a shared machine one trial can
        // land on a burst of someone else's disk or CPU, and both sides of a trial see about the same machine.
        var trials = new List<(Measured Raw, Measured Http, long RawSync, long HttpSync)>();
        for (var trial = 0; trial < Trials; trial++)
        {
            var (raw, rawSync) = await RawSqliteAsync(batches);
            var (http, httpSync) = await HttpAsync(batches);
            trials.Add((raw, http, rawSync, httpSync));
            Console.WriteLine($"trial {trial + 1}: raw {totalSteps / raw.Wall.TotalSeconds:N0} steps/s, HTTP {totalSteps / http.Wall.TotalSeconds:N0} steps/s, ratio {raw.Wall / http.Wall:F2}");
        }

        var median = trials.OrderBy(t => t.Raw.Wall / t.Http.Wall).ElementAt(trials.Count / 2);
        var service = await LayerAsync(batches, prepare: false);
        var store = await LayerAsync(batches, prepare: true);

        Console.WriteLine();
        Console.WriteLine($"median trial of {Trials}:");
        Console.WriteLine($"{"path",-44} {"seconds",8} {"steps/s",10} {"CPU ms/batch",13} {"synchronous",12}");
        Print("raw SQLite (1 tx per batch)", median.Raw, median.RawSync);
        Print($"HTTP append ({Clients} clients)", median.Http, median.HttpSync);
        Console.WriteLine($"ratio HTTP / raw = {median.Raw.Wall / median.Http.Wall:F2} (goal >= 0.5)");

        // Where the HTTP path spends its time: the same appends one layer down, each on a fresh app. CPU is the whole
        // process's (the in-process HTTP client's included), so it also shows what the other layers cost.
        Console.WriteLine("where the time goes, same appends one layer down:");
        Print("  IngestService.AppendAsync (no HTTP, JSON)", service, median.HttpSync);
        Print("  TraceStore.AppendStepsAsync (prepared)", store, median.HttpSync);

        void Print(string path, Measured m, long synchronous) =>
            Console.WriteLine($"{path,-44} {m.Wall.TotalSeconds,8:F2} {totalSteps / m.Wall.TotalSeconds,10:N0} {m.Cpu.TotalMilliseconds / batches.Count,13:F2} {synchronous,12}");
    }

    private static async Task<(Measured Elapsed, long Synchronous)> HttpAsync(IReadOnlyList<Batch> batches)
    {
        await using var host = await AppHost.StartAsync(null, ("environment", "Production"));
        using var http = host.CreateClient();
        for (var r = 0; r < Runs; r++)
        {
            using var created = await http.PostAsync("api/v1/runs", Json(new { id = RunId(r), agent = new { name = "bench-agent" }, task = new { title = $"Bench run {r}" } }));
            created.EnsureSuccessStatusCode();
        }

        // Bodies serialised before the clock starts: the client's own JSON work is not the server's throughput.
        var bodies = batches.Select(b => (b.RunId, Body: JsonSerializer.SerializeToUtf8Bytes(new AppendStepsRequest { Steps = [.. b.Steps] }, IngestJson.Options))).ToArray();
        await PostAsync(http, "bench-warm", bodies[0].Body, warm: true);

        var watch = Clock.Start();
        // Each client owns whole runs, so every run's batches arrive in order, as from one agent.
        await Parallel.ForEachAsync(bodies.GroupBy(b => b.RunId), new ParallelOptions { MaxDegreeOfParallelism = Clients }, async (run, token) =>
        {
            foreach (var (runId, body) in run)
            {
                await PostAsync(http, runId, body, warm: false);
            }
        });
        var measured = watch.Stop();

        return (measured, await SynchronousOfAppConnectionAsync(host));
    }

    /// <summary>
    /// The appends straight into the service (mapping, preparation, store, policy, verdict: everything but HTTP and JSON),
    /// or with <paramref name="prepare"/> prepared before the clock and written straight into the store.
    /// </summary>
    private static async Task<Measured> LayerAsync(IReadOnlyList<Batch> batches, bool prepare)
    {
        await using var host = await AppHost.StartAsync(null, ("environment", "Production"));
        var service = host.Get<IngestService>();
        var preparer = host.Get<TracePreparer>();
        var traceStore = host.Get<TraceStore>();
        var issues = new List<ImportIssue>();
        var work = batches.Select(b => (b.RunId, Steps: (IReadOnlyList<Step>)b.Steps.Select((s, i) => NativeMapper.ToStep(s, $"$.steps[{i}]", issues)!).ToArray()))
            .Select(b => (b.RunId, b.Steps, Prepared: prepare ? preparer.PrepareSteps(b.RunId, b.Steps) : null))
            .ToArray();
        foreach (var runId in work.Select(w => w.RunId).Distinct())
        {
            await service.CreateRunAsync(new Run { Id = runId, SourceFormat = "native", AgentName = "bench-agent", TaskTitle = runId }, CancellationToken.None);
        }

        var watch = Clock.Start();
        await Parallel.ForEachAsync(work.GroupBy(w => w.RunId), new ParallelOptions { MaxDegreeOfParallelism = Clients }, async (run, token) =>
        {
            foreach (var (runId, steps, prepared) in run)
            {
                if (prepared is null)
                {
                    await service.AppendAsync(runId, steps, token);
                }
                else
                {
                    await traceStore.AppendStepsAsync(runId, prepared, token);
                }
            }
        });
        return watch.Stop();
    }

    private static async Task PostAsync(HttpClient http, string runId, byte[] body, bool warm)
    {
        if (warm)
        {
            using var created = await http.PostAsync("api/v1/runs", Json(new { id = runId }));
        }

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync($"api/v1/runs/{runId}/steps", content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"append answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<long> SynchronousOfAppConnectionAsync(AppHost host)
    {
        var factory = host.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Martin360DbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var connection = (SqliteConnection)Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(db.Database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The same rows straight into SQLite: the schema's Steps columns and key, prepared INSERT OR IGNORE, a transaction per batch.</summary>
    private static async Task<(Measured Elapsed, long Synchronous)> RawSqliteAsync(IReadOnlyList<Batch> batches)
    {
        var directory = Path.Combine(Path.GetTempPath(), "m360-bench-raw-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(directory);
        try
        {
            // Mapping happens before the clock: the baseline is the database's own cost.
            var rows = batches.Select(b =>
            {
                var issues = new List<ImportIssue>();
                return b.Steps.Select((s, i) => RecordMapper.ToRecord(b.RunId, NativeMapper.ToStep(s, $"$.steps[{i}]", issues)!)).ToArray();
            }).ToArray();

            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "raw.db"), Pooling = false }.ToString());
            await connection.OpenAsync();
            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;");
            await ExecuteAsync(connection, """
                CREATE TABLE "Steps" ("RunId" TEXT NOT NULL, "StepId" TEXT NOT NULL, "Sequence" INTEGER NOT NULL, "Kind" TEXT NOT NULL, "ParentStepId" TEXT NULL,
                    "Agent" TEXT NULL, "Role" TEXT NULL, "TimestampMs" INTEGER NULL, "DurationMs" REAL NULL, "Name" TEXT NULL, "Model" TEXT NULL,
                    "InputTokens" INTEGER NOT NULL, "OutputTokens" INTEGER NOT NULL, "CacheReadTokens" INTEGER NOT NULL, "CacheWriteTokens" INTEGER NOT NULL,
                    "ReasoningTokens" INTEGER NOT NULL, "CostUsd" REAL NULL, "CostProvenance" TEXT NOT NULL, "Command" TEXT NULL, "ExitCode" INTEGER NULL,
                    "IsError" INTEGER NOT NULL, "FilesJson" TEXT NULL, "VerifierJson" TEXT NULL, "Input" TEXT NULL, "Output" TEXT NULL, "Truncated" INTEGER NOT NULL,
                    CONSTRAINT "PK_Steps" PRIMARY KEY ("RunId", "StepId"));
                CREATE INDEX "IX_Steps_RunId_Sequence" ON "Steps" ("RunId", "Sequence");
                """);
            var synchronous = (long)(await ScalarAsync(connection, "PRAGMA synchronous"))!;

            var watch = Clock.Start();
            foreach (var batch in rows)
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT OR IGNORE INTO "Steps" VALUES ($RunId, $StepId, $Sequence, $Kind, $ParentStepId, $Agent, $Role, $TimestampMs, $DurationMs,
                        $Name, $Model, $InputTokens, $OutputTokens, $CacheReadTokens, $CacheWriteTokens, $ReasoningTokens, $CostUsd, $CostProvenance,
                        $Command, $ExitCode, $IsError, $FilesJson, $VerifierJson, $Input, $Output, $Truncated)
                    """;
                string[] names = ["RunId", "StepId", "Sequence", "Kind", "ParentStepId", "Agent", "Role", "TimestampMs", "DurationMs", "Name", "Model",
                    "InputTokens", "OutputTokens", "CacheReadTokens", "CacheWriteTokens", "ReasoningTokens", "CostUsd", "CostProvenance",
                    "Command", "ExitCode", "IsError", "FilesJson", "VerifierJson", "Input", "Output", "Truncated"];
                foreach (var name in names)
                {
                    command.Parameters.Add(new SqliteParameter("$" + name, null));
                }

                await command.PrepareAsync();
                foreach (var r in batch)
                {
                    object?[] values = [r.RunId, r.StepId, r.Sequence, r.Kind, r.ParentStepId, r.Agent, r.Role, r.TimestampMs, r.DurationMs,
                        r.Name, r.Model, r.InputTokens, r.OutputTokens, r.CacheReadTokens, r.CacheWriteTokens, r.ReasoningTokens, r.CostUsd, r.CostProvenance,
                        r.Command, r.ExitCode, r.IsError, r.FilesJson, r.VerifierJson, r.Input, r.Output, r.Truncated];
                    for (var i = 0; i < values.Length; i++)
                    {
                        command.Parameters[i].Value = values[i] ?? DBNull.Value;
                    }

                    await command.ExecuteNonQueryAsync();
                }

                await transaction.CommitAsync();
            }

            return (watch.Stop(), synchronous);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value, IngestJson.Options), Encoding.UTF8, "application/json");

    private static string RunId(int r) => $"bench-ingest-{r:D3}";

    /// <summary>Batches in the order an agent would send them: run by run, each step with 200-2000 characters of text.</summary>
    private static IReadOnlyList<Batch> Generate()
    {
        var random = new Random(360);
        var batches = new List<Batch>(Runs * BatchesPerRun);
        var start = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        for (var r = 0; r < Runs; r++)
        {
            for (var b = 0; b < BatchesPerRun; b++)
            {
                var steps = new List<StepDto>(BatchSize);
                for (var i = 0; i < BatchSize; i++)
                {
                    var sequence = b * BatchSize + i + 1;
                    var text = SyntheticSteps.Text(random, random.Next(200, 2001));
                    steps.Add(SyntheticSteps.Step(random, sequence, start.AddSeconds(r * 10_000 + sequence * 3), text));
                }

                batches.Add(new Batch(RunId(r), steps));
            }
        }

        return batches;
    }

    private sealed record Batch(string RunId, IReadOnlyList<StepDto> Steps);

    /// <summary>Wall time and the process's CPU time (every thread: server, client, background analysis, GC).</summary>
    private readonly record struct Measured(TimeSpan Wall, TimeSpan Cpu);

    private sealed class Clock
    {
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;

        public static Clock Start() => new();

        public Measured Stop() => new(_wall.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - _cpu);
    }
}

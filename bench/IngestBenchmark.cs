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

    public static async Task RunAsync()
    {
        var batches = Generate();
        var totalSteps = batches.Sum(b => b.Steps.Count);
        var textChars = batches.Sum(b => b.Steps.Sum(s => (s.Output?.Length ?? 0) + (s.Input?.Length ?? 0)));
        Console.WriteLine($"{Runs} runs x {BatchesPerRun} batches x {BatchSize} steps = {totalSteps:N0} steps, {textChars / (double)totalSteps:N0} text chars per step on average");

        var (raw, rawSync) = await RawSqliteAsync(batches);
        var (http, httpSync) = await HttpAsync(batches);

        Console.WriteLine();
        Console.WriteLine($"{"path",-34} {"seconds",8} {"steps/s",10} {"synchronous",12}");
        Console.WriteLine($"{"raw SQLite (1 tx per batch)",-34} {raw.TotalSeconds,8:F2} {totalSteps / raw.TotalSeconds,10:N0} {rawSync,12}");
        Console.WriteLine($"{$"HTTP append ({Clients} clients)",-34} {http.TotalSeconds,8:F2} {totalSteps / http.TotalSeconds,10:N0} {httpSync,12}");
        Console.WriteLine($"ratio HTTP / raw = {raw.TotalSeconds / http.TotalSeconds:F2} (goal >= 0.5)");
    }

    private static async Task<(TimeSpan Elapsed, long Synchronous)> HttpAsync(IReadOnlyList<Batch> batches)
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

        var watch = Stopwatch.StartNew();
        // Each client owns whole runs, so every run's batches arrive in order, as from one agent.
        await Parallel.ForEachAsync(bodies.GroupBy(b => b.RunId), new ParallelOptions { MaxDegreeOfParallelism = Clients }, async (run, token) =>
        {
            foreach (var (runId, body) in run)
            {
                await PostAsync(http, runId, body, warm: false);
            }
        });
        watch.Stop();

        return (watch.Elapsed, await SynchronousOfAppConnectionAsync(host));
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
    private static async Task<(TimeSpan Elapsed, long Synchronous)> RawSqliteAsync(IReadOnlyList<Batch> batches)
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

            var watch = Stopwatch.StartNew();
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

            watch.Stop();
            return (watch.Elapsed, synchronous);
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
}

using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Dashboard;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Native;
using Martin360.Ingest.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Martin360.Bench;

/// <summary>
/// A store of many runs and steps, as a team's agents would leave it after three months: several agents, models and
/// projects, every outcome, findings with wasted USD, budgets, reviews. The schema is the app's own (its migrations,
/// applied through <see cref="Martin360DbContext"/>); the rows are bulk-inserted with prepared statements whose columns
/// come from the same EF model, so they cannot drift from the schema. Seeded once and cached in the temp directory,
/// keyed by <see cref="SeedVersion"/> and size: re-runs do not reseed.
/// </summary>
public static class SeededStore
{
    /// <summary>Bump whenever the generated rows change, so a cached store of an older seed is not reused.</summary>
    public const int SeedVersion = 1;

    private const string ReadyMarker = "seeded.json";
    private const int StepsPerTransaction = 250_000;

    /// <summary>The store's "now": runs are spread over the 90 days before it, and the pages' default ranges are computed from it.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 18, 0, 0, TimeSpan.Zero);

    private static readonly AgentProfile[] s_agents =
    [
        new("claude-code", "claude-code", "2.0.31", ["claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5"], 38),
        new("codex", "codex", "0.58.0", ["gpt-5-codex", "gpt-5"], 27),
        new("aider", "aider", "0.86.1", ["claude-sonnet-4-5", "gpt-5", "deepseek-chat"], 12),
        new("openhands", "openhands", "0.59.0", ["claude-sonnet-4-5", "gpt-5-mini"], 10),
        new("gemini-cli", "otlp-json", "0.12.0", ["gemini-2.5-pro", "gemini-2.5-flash"], 8),
        new("mini-swe-agent", "mini-swe-agent", "1.14.2", ["claude-sonnet-4-5", "gpt-5"], 5),
    ];

    private static readonly (string Name, int Weight)[] s_projects =
    [
        ("payments-api", 22), ("web-frontend", 20), ("mobile-app", 12), ("data-pipeline", 11), ("auth-service", 10),
        ("infra", 9), ("search", 8), ("docs-site", 5), ("billing-batch", 3),
    ];

    // USD per million tokens: input, output, cache read (list prices, late 2026).
    private static readonly Dictionary<string, (double Input, double Output, double CacheRead)> s_prices = new(StringComparer.Ordinal)
    {
        ["claude-opus-4-1"] = (15, 75, 1.5),
        ["claude-sonnet-4-5"] = (3, 15, 0.3),
        ["claude-haiku-4-5"] = (1, 5, 0.1),
        ["gpt-5"] = (1.25, 10, 0.125),
        ["gpt-5-codex"] = (1.25, 10, 0.125),
        ["gpt-5-mini"] = (0.25, 2, 0.025),
        ["gemini-2.5-pro"] = (1.25, 10, 0.31),
        ["gemini-2.5-flash"] = (0.3, 2.5, 0.075),
        ["deepseek-chat"] = (0.27, 1.1, 0.07),
    };

    // Finished runs' outcomes, in percent.
    private static readonly (Outcome Outcome, int Weight)[] s_outcomes =
    [
        (Outcome.VerifiedSuccess, 46), (Outcome.UnverifiedClaim, 14), (Outcome.FailedVerification, 12), (Outcome.Stuck, 8),
        (Outcome.BudgetExhausted, 5), (Outcome.Aborted, 4), (Outcome.Unknown, 11),
    ];

    private static readonly string[] s_titles =
    [
        "Fix rounding of invoice totals", "Paginate the orders endpoint", "Add retry with backoff to the webhook sender",
        "Migrate the session store to Redis", "Fix flaky test in checkout flow", "Upgrade the ORM to the next major version",
        "Add dark mode to the settings page", "Parse negative durations", "Remove the deprecated v1 search API",
        "Speed up the nightly export", "Add rate limiting to the login endpoint", "Fix timezone bug in the report scheduler",
        "Write integration tests for refunds", "Translate error messages", "Replace moment.js with date-fns",
        "Fix memory leak in the image resizer", "Add OpenAPI docs for the admin API", "Make the CSV import streaming",
        "Fix race condition in the job queue", "Add feature flag for the new pricing page",
    ];

    private static readonly string[] s_recommendations =
    [
        "Run the test suite after the last edit before claiming the task done.",
        "Stop retrying the same command: read the failing test's assertion first.",
        "Set a lower hard budget for this task class; most of the spend went to retries.",
        "Pin the failing test and bisect the last three edits.",
        "Ask the agent to explain the switch to an unrelated file before continuing.",
        "Add the lockfile to the protected paths policy.",
        "Route exploration steps to a cheaper model.",
    ];

    private static readonly string[] s_reviewers = ["alice", "bob", "chen", "dana", "eve"];

    /// <summary>The data directory of a seeded store of that size, seeding it first when no complete one is cached.</summary>
    public static async Task<string> EnsureAsync(int runs, long steps)
    {
        var directory = Path.Combine(Path.GetTempPath(), "m360-bench", $"store-v{SeedVersion}-{runs}runs-{steps}steps");
        var marker = Path.Combine(directory, ReadyMarker);
        if (File.Exists(marker))
        {
            Console.WriteLine($"store: cached at {directory} ({await File.ReadAllTextAsync(marker)})");
            return directory;
        }

        // A half-seeded directory (an interrupted run) has no marker: start over.
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        Console.WriteLine($"store: seeding {runs:N0} runs / {steps:N0} steps into {directory} (once; cached for later runs)");
        var watch = Stopwatch.StartNew();
        await SeedAsync(directory, runs, steps);
        watch.Stop();
        var size = new FileInfo(Path.Combine(directory, "martin360.db")).Length;
        var summary = $"seed v{SeedVersion}, seeded in {watch.Elapsed.TotalSeconds:F0} s, {size / 1024.0 / 1024:N0} MiB";
        await File.WriteAllTextAsync(marker, summary);
        Console.WriteLine($"store: {summary}");
        return directory;
    }

    private static async Task SeedAsync(string directory, int runs, long steps)
    {
        // The app's own schema: its migrations, through its DbContext, as the app applies them on start.
        await using var app = Martin360App.Build(["--Martin360:Storage:DataDirectory", directory, "--Martin360:Demo:Enabled", "false", "--Logging:LogLevel:Default", "Warning"]);
        var contexts = app.Services.GetRequiredService<IDbContextFactory<Martin360DbContext>>();
        IModel model;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            model = db.Model;
        }

        // The pooled connection EF used must not hold the file while the bulk connection changes the journal mode.
        SqliteConnection.ClearAllPools();
        var path = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.DatabasePath;

        var channel = Channel.CreateBounded<RunRows>(new BoundedChannelOptions(512) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var rows in Generate(runs, steps))
                {
                    await channel.Writer.WriteAsync(rows);
                }

                channel.Writer.Complete();
            }
            catch (Exception exception)
            {
                channel.Writer.Complete(exception);
            }
        });

        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();

            // Seeding only: no journal, no fsync, a big page cache. The app switches the file to WAL when it starts.
            Execute(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-524288; PRAGMA temp_store=MEMORY;");
            var runInsert = new Inserter(connection, model.FindEntityType(typeof(RunRecord))!);
            var stepInsert = new Inserter(connection, model.FindEntityType(typeof(StepRecord))!);
            var reviewInsert = new Inserter(connection, model.FindEntityType(typeof(ReviewRecord))!);
            var transaction = connection.BeginTransaction();
            long inTransaction = 0;
            long written = 0;
            var progress = Stopwatch.StartNew();
            var seeding = Stopwatch.StartNew();
            await foreach (var rows in channel.Reader.ReadAllAsync())
            {
                runInsert.Insert(transaction, rows.Run);
                foreach (var step in rows.Steps)
                {
                    stepInsert.Insert(transaction, step);
                }

                if (rows.Review is { } review)
                {
                    reviewInsert.Insert(transaction, review);
                }

                inTransaction += rows.Steps.Length;
                written += rows.Steps.Length;
                if (inTransaction >= StepsPerTransaction)
                {
                    transaction.Commit();
                    transaction.Dispose();
                    transaction = connection.BeginTransaction();
                    inTransaction = 0;
                    if (progress.Elapsed > TimeSpan.FromSeconds(15))
                    {
                        Console.WriteLine($"store: {written:N0} of {steps:N0} steps ({written / seeding.Elapsed.TotalSeconds:N0} steps/s)");
                        progress.Restart();
                    }
                }
            }

            transaction.Commit();
            transaction.Dispose();
            runInsert.Dispose();
            stepInsert.Dispose();
            reviewInsert.Dispose();
            Execute(connection, "PRAGMA journal_mode=WAL;");
        }

        await producer;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The runs in id order (so index inserts append), each with its steps and, for some, a lead's review.</summary>
    private static IEnumerable<RunRows> Generate(int runs, long steps)
    {
        var random = new Random(360_100);
        var texts = Enumerable.Range(0, 4096).Select(_ => SyntheticSteps.Text(random, 40 + (int)(860 * Math.Pow(random.NextDouble(), 2)))).ToArray();
        var counts = StepCounts(random, runs, steps);
        for (var i = 0; i < runs; i++)
        {
            yield return GenerateRun(random, i, counts[i], texts);
        }
    }

    /// <summary>Steps per run: long-tailed (most runs are short, a few run to thousands of steps), summing to exactly <paramref name="total"/>.</summary>
    private static int[] StepCounts(Random random, int runs, long total)
    {
        var raw = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            raw[i] = Math.Exp(0.9 * normal);
        }

        var scale = total / raw.Sum();
        var counts = raw.Select(r => Math.Max(1, (int)(r * scale))).ToArray();
        var difference = total - counts.Sum(c => (long)c);
        for (var i = 0; difference != 0; i = (i + 1) % runs)
        {
            if (difference > 0)
            {
                counts[i]++;
                difference--;
            }
            else if (counts[i] > 1)
            {
                counts[i]--;
                difference++;
            }
        }

        return counts;
    }

    private static RunRows GenerateRun(Random random, int index, int stepCount, string[] texts)
    {
        // Ids in insertion order (index inserts append), with a scrambled tail as real ids have.
        var id = $"run-{index:D7}-{unchecked((uint)index * 2_654_435_761u):x8}";
        var agent = Pick(random, s_agents, a => a.Weight);
        var model = agent.Models[random.Next(agent.Models.Length)];
        var switchModel = random.Next(10) == 0 ? agent.Models[random.Next(agent.Models.Length)] : model;
        var switchAt = stepCount / 2;
        var project = Pick(random, s_projects, p => p.Weight).Name;
        var title = $"{s_titles[random.Next(s_titles.Length)]} (#{1_000 + random.Next(9_000)})";

        // Spread over 90 days, busier towards now (adoption grows).
        var started = Now - TimeSpan.FromDays(90 * Math.Pow(random.NextDouble(), 1.2));
        var running = (Now - started < TimeSpan.FromHours(6) && random.Next(10) < 6) || random.Next(200) == 0;
        var outcome = running ? Outcome.InProgress : Pick(random, s_outcomes, o => o.Weight).Outcome;

        // The step records, through the app's own mapping (native DTO -> model -> stored row).
        var records = new StepRecord[stepCount];
        var issues = new List<ImportIssue>();
        var timestamp = started;
        var lastVerifier = (Sequence: 0L, Passed: (bool?)null);
        var verifierRuns = 0;
        for (var s = 0; s < stepCount; s++)
        {
            var sequence = s + 1;
            timestamp += TimeSpan.FromSeconds(2 + random.Next(44));
            var stepModel = sequence > switchAt ? switchModel : model;
            var dto = SyntheticSteps.Step(random, sequence, timestamp, texts[random.Next(texts.Length)], stepModel);
            if (sequence == 1)
            {
                dto.Kind = StepKind.UserMessage.ToWire();
                dto.Input = title + ". Keep the public API unchanged and make the tests pass.";
                dto.Output = null;
                dto.Files = null;
            }
            else if (dto.Kind == StepKind.ShellCommand.ToWire())
            {
                dto.DurationMs = 200 + random.Next(30_000);
                if (random.Next(3) == 0)
                {
                    // Late test runs pass in runs that end verified; in failing runs they keep failing.
                    var passed = outcome switch
                    {
                        Outcome.VerifiedSuccess => sequence > stepCount * 0.6 || random.Next(3) == 0,
                        Outcome.FailedVerification or Outcome.Stuck => random.Next(8) == 0,
                        _ => random.Next(2) == 0,
                    };
                    SyntheticSteps.MakeVerifierRun(dto, passed, 40 + random.Next(400));
                    lastVerifier = (sequence, passed);
                    verifierRuns++;
                }
            }

            var price = s_prices[stepModel];
            var tokens = dto.Tokens!;
            dto.CostUsd = Math.Round((decimal)((tokens.Input * price.Input + tokens.Output * price.Output + tokens.CacheRead * price.CacheRead) / 1_000_000), 6);
            records[s] = RecordMapper.ToRecord(id, NativeMapper.ToStep(dto, "$", issues)!);
        }

        var cost = records.Sum(r => r.CostUsd ?? 0);
        var lastStepMs = records[^1].TimestampMs!.Value;
        var budget = BudgetFor(random, outcome, cost);
        var status = running ? RunStatus.Running : outcome switch
        {
            Outcome.Stuck => random.Next(2) == 0 ? RunStatus.Failed : RunStatus.Aborted,
            Outcome.BudgetExhausted or Outcome.Aborted => RunStatus.Aborted,
            Outcome.FailedVerification when random.Next(3) == 0 => RunStatus.Failed,
            _ => RunStatus.Completed,
        };

        var run = new RunRecord
        {
            Id = id,
            SourceFormat = agent.Format,
            AgentName = agent.Name,
            AgentVersion = agent.Version,
            Project = project,
            Repository = $"github.com/acme/{project}",
            Branch = $"agent/{index:D7}",
            TaskTitle = title,
            TaskObjective = records[0].Input,
            StartedAtMs = started.ToUnixTimeMilliseconds(),
            EndedAtMs = running ? null : lastStepMs + 1_000,
            Status = status.ToWire(),
            ExitReason = status switch
            {
                RunStatus.Aborted when outcome == Outcome.BudgetExhausted => "hard budget reached",
                RunStatus.Aborted => "stopped by a human",
                RunStatus.Failed => "agent exited with an error",
                _ => null,
            },
            BudgetJson = RecordMapper.BudgetJson(budget),
            InputTokens = records.Sum(r => r.InputTokens),
            OutputTokens = records.Sum(r => r.OutputTokens),
            CacheReadTokens = records.Sum(r => r.CacheReadTokens),
            CacheWriteTokens = records.Sum(r => r.CacheWriteTokens),
            ReasoningTokens = records.Sum(r => r.ReasoningTokens),
            CostUsd = cost,
            CostProvenance = CostProvenance.Reported.ToWire(),
            StepCount = stepCount,
            Models = string.Join(',', new SortedSet<string>([model, switchModel], StringComparer.Ordinal)),
            CreatedAtMs = started.ToUnixTimeMilliseconds(),
            UpdatedAtMs = lastStepMs + 1_000,
            LastStepAtMs = lastStepMs,
        };
        run.TotalTokens = run.InputTokens + run.OutputTokens + run.CacheReadTokens + run.CacheWriteTokens;

        // The analysis as the app stores it (RecordMapper writes the JSON, counts, wasted USD and top finding).
        var claimed = outcome is Outcome.VerifiedSuccess or Outcome.UnverifiedClaim || (outcome == Outcome.FailedVerification && random.Next(10) < 7);
        var analysis = new AnalysisResult
        {
            Outcome = outcome,
            Verification = new VerificationRecord
            {
                ClaimedDone = claimed,
                VerifierRuns = verifierRuns,
                LastVerifierPassed = lastVerifier.Passed,
                VerifiedAfterLastEdit = outcome == Outcome.VerifiedSuccess,
            },
            Findings = FindingsFor(random, outcome, stepCount, cost),
            Recommendations = outcome is Outcome.VerifiedSuccess or Outcome.InProgress
                ? []
                : Enumerable.Range(0, 1 + random.Next(3)).Select(_ => s_recommendations[random.Next(s_recommendations.Length)]).Distinct().ToArray(),
        };
        RecordMapper.ApplyAnalysis(run, analysis, stepCount);
        if (outcome == Outcome.Aborted && random.Next(3) == 0)
        {
            RecordMapper.AddPolicyFindings(run, [NewFinding(FindingKind.PolicyViolation, Severity.Critical, random, stepCount, cost * 0.1,
                "Ran `git push --force` on a protected branch (blocked command)")]);
            run.PolicyStopReason = "blocked command: git push --force";
        }

        return new RunRows(run, records, ReviewFor(random, run, started));
    }

    private static RunBudget BudgetFor(Random random, Outcome outcome, double cost)
    {
        if (outcome == Outcome.BudgetExhausted)
        {
            // The hard limit the run hit: just under what it spent.
            var hard = Math.Max(0.01m, Math.Round((decimal)cost * 0.97m, 2));
            return new RunBudget { SoftUsd = Math.Round(hard * 0.8m, 2), HardUsd = hard, HardSteps = 5_000 };
        }

        if (random.Next(100) >= 35)
        {
            return RunBudget.None;
        }

        decimal[] limits = [2, 5, 10, 20, 50];
        var limit = limits[random.Next(limits.Length)];
        return new RunBudget { SoftUsd = limit * 0.8m, HardUsd = limit, SoftTokens = random.Next(2) == 0 ? 20_000_000 : null };
    }

    private static IReadOnlyList<Finding> FindingsFor(Random random, Outcome outcome, int steps, double cost)
    {
        var findings = new List<Finding>();
        void Add(FindingKind kind, Severity severity, double wastedShare, string summary) =>
            findings.Add(NewFinding(kind, severity, random, steps, cost * wastedShare, summary));

        var file = $"src/app/module{random.Next(20)}.py";
        switch (outcome)
        {
            case Outcome.VerifiedSuccess when random.Next(100) < 15:
                Add(FindingKind.UnexplainedFileSwitch, Severity.Info, 0.02 + random.NextDouble() * 0.05, $"Switched to {file} without a stated reason");
                break;
            case Outcome.UnverifiedClaim:
                Add(FindingKind.UnverifiedCompletion, Severity.Warning, 0.05 + random.NextDouble() * 0.1, "Claimed done without running the tests after the last edit");
                break;
            case Outcome.FailedVerification:
                Add(FindingKind.UnrelatedErrorChase, Severity.Warning, 0.1 + random.NextDouble() * 0.25, $"Chased an error in {file} unrelated to the failing test");
                if (random.Next(3) == 0)
                {
                    Add(FindingKind.HollowTest, Severity.Critical, 0.05, "Weakened an assertion in tests/test_parser.py to make it pass");
                }

                break;
            case Outcome.Stuck:
                Add(FindingKind.Loop, Severity.Critical, 0.2 + random.NextDouble() * 0.4, $"Ran `pytest -q tests` {4 + random.Next(12)} times with the same failure");
                Add(FindingKind.RepeatedStrategy, Severity.Warning, 0.05 + random.NextDouble() * 0.1, $"Edited {file} {3 + random.Next(6)} times with the same approach");
                break;
            case Outcome.BudgetExhausted:
                Add(FindingKind.BudgetBurn, Severity.Critical, 0.3 + random.NextDouble() * 0.4, "Spent most of the budget on retries after the last passing test run");
                if (random.Next(2) == 0)
                {
                    Add(FindingKind.Loop, Severity.Warning, 0.1 + random.NextDouble() * 0.2, $"Read {file} {5 + random.Next(10)} times without editing it");
                }

                break;
            case Outcome.Aborted when random.Next(2) == 0:
                Add(FindingKind.ProtectedEdit, Severity.Critical, 0.05, "Edited package-lock.json (protected path)");
                break;
            case Outcome.Unknown when random.Next(100) < 30:
                Add(FindingKind.UnexplainedFileSwitch, Severity.Info, 0.03, $"Switched to {file} without a stated reason");
                break;
            case Outcome.InProgress when random.Next(100) < 20:
                Add(FindingKind.Loop, Severity.Warning, 0.1 + random.NextDouble() * 0.2, $"Ran `npm test` {3 + random.Next(5)} times with the same failure");
                break;
        }

        if (random.Next(200) == 0)
        {
            Add(FindingKind.Security, Severity.Critical, 0, "Printed an AWS access key to the terminal (redacted in storage)");
        }

        return findings;
    }

    private static Finding NewFinding(FindingKind kind, Severity severity, Random random, int steps, double wastedUsd, string summary)
    {
        var length = Math.Min(steps, 2 + random.Next(24));
        var first = 1 + random.Next(Math.Max(1, steps - length + 1));
        return new Finding
        {
            Kind = kind,
            Severity = severity,
            Confidence = Math.Round(0.6 + random.NextDouble() * 0.4, 2),
            Steps = Enumerable.Range(first, length).Select(s => (long)s).ToArray(),
            Summary = summary,
            WastedTokens = (long)(wastedUsd / 6e-6),
            WastedUsd = Math.Round((decimal)wastedUsd, 4),
            Repeats = kind is FindingKind.Loop or FindingKind.RepeatedStrategy ? length : 0,
        };
    }

    /// <summary>Leads have worked through part of the older queue: some runs reviewed, some with a note or an assignee.</summary>
    private static ReviewRecord? ReviewFor(Random random, RunRecord run, DateTimeOffset started)
    {
        var needsHuman = run.Status != "running" && (TriageStore.TroubleOutcomes.Contains(run.Outcome!) || run.FindingCount > 0);
        if (!needsHuman || Now - started < TimeSpan.FromDays(2) || random.Next(100) >= 45)
        {
            return null;
        }

        var reviewer = s_reviewers[random.Next(s_reviewers.Length)];
        var reviewed = random.Next(100) < 75;
        var at = (started + TimeSpan.FromHours(4 + random.Next(40))).ToUnixTimeMilliseconds();
        return new ReviewRecord
        {
            RunId = run.Id,
            Reviewed = reviewed,
            ReviewedBy = reviewed ? reviewer : null,
            ReviewedAtMs = reviewed ? at : null,
            Note = random.Next(4) == 0 ? "Retries again on the flaky checkout test; see the loop finding." : null,
            AssignedTo = reviewed ? null : s_reviewers[random.Next(s_reviewers.Length)],
            UpdatedAtMs = at,
        };
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items, Func<T, int> weight)
    {
        var roll = random.Next(items.Sum(weight));
        foreach (var item in items)
        {
            roll -= weight(item);
            if (roll < 0)
            {
                return item;
            }
        }

        return items[^1];
    }

    private sealed record AgentProfile(string Name, string Format, string Version, string[] Models, int Weight);

    private sealed record RunRows(RunRecord Run, StepRecord[] Steps, ReviewRecord? Review);

    /// <summary>A prepared INSERT of every mapped column of one entity type, bound from the entity's own property getters.</summary>
    private sealed class Inserter : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly IClrPropertyGetter[] _getters;

        public Inserter(SqliteConnection connection, IEntityType type)
        {
            var properties = type.GetProperties().ToArray();
            _getters = properties.Select(p => p.GetGetter()).ToArray();
            _command = connection.CreateCommand();
            _command.CommandText = $"INSERT INTO \"{type.GetTableName()}\" ({string.Join(", ", properties.Select(p => $"\"{p.GetColumnName()}\""))}) " +
                $"VALUES ({string.Join(", ", properties.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
            for (var i = 0; i < properties.Length; i++)
            {
                _command.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), null));
            }
        }

        public void Insert(SqliteTransaction transaction, object entity)
        {
            _command.Transaction = transaction;
            for (var i = 0; i < _getters.Length; i++)
            {
                _command.Parameters[i].Value = _getters[i].GetClrValue(entity) ?? DBNull.Value;
            }

            _command.ExecuteNonQuery();
        }

        public void Dispose() => _command.Dispose();
    }
}

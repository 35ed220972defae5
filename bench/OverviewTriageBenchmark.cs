using Martin360.Analysis.Model;
using Martin360.Dashboard;
using Martin360.Dashboard.ViewModels;
using Martin360.Ingest.Policies;
using Martin360.Ingest.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Martin360.Bench;

/// <summary>
/// The Overview (/) and Triage (/triage) pages' data loads over a store of 100k runs / 10M steps: the real stores and
/// view models the pages call, on the app's own services over the seeded file. Goal: every query under 300 ms.
/// </summary>
public static class OverviewTriageBenchmark
{
    private const double GoalMs = 300;
    private const int Warmups = 2;
    private const int Iterations = 10;

    public static async Task RunAsync()
    {
        BenchScale.Print();
        var runs = BenchScale.Of(100_000, minimum: 100);
        var steps = (long)BenchScale.Of(10_000_000, minimum: 1_000);
        var directory = await SeededStore.EnsureAsync(runs, steps);

        // M360_BENCH_SQL=1 logs every SQL command the stores send (to read its plan with EXPLAIN QUERY PLAN).
        var sqlLevel = Environment.GetEnvironmentVariable("M360_BENCH_SQL") == "1" ? "Information" : "Warning";
        await using var app = Martin360App.Build(["--Martin360:Storage:DataDirectory", directory, "--Martin360:Demo:Enabled", "false",
            "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", sqlLevel]);

        // Only the store's start-up (migrations a newer build added, WAL), as the app runs it before serving; no server.
        await app.Services.GetServices<IHostedService>().OfType<DatabaseInitializer>().Single().StartAsync(CancellationToken.None);
        try
        {
            await MeasureAsync(app.Services);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    private static async Task MeasureAsync(IServiceProvider services)
    {
        var overviewStore = services.GetRequiredService<OverviewStore>();
        var triageStore = services.GetRequiredService<TriageStore>();
        var now = new FixedTimeProvider(SeededStore.Now);
        var ct = CancellationToken.None;

        // The page's defaults: the last 30 days, by agent, daily buckets.
        var overview = new OverviewViewModel(overviewStore, now);
        overview.SetDefaultRange();
        var wide = new OverviewViewModel(overviewStore, now) { Bucket = "week", GroupBy = "model" };
        wide.SetDefaultRange();
        wide.From = wide.To.AddDays(-89);
        var oneProject = new OverviewViewModel(overviewStore, now) { Project = "payments-api", GroupBy = "project" };
        oneProject.SetDefaultRange();
        var from = DateOnly.FromDateTime(overview.From);
        var to = DateOnly.FromDateTime(overview.To);
        var facts = await overviewStore.FactsAsync(from, to, null, ct);

        var triage = new TriageViewModel(triageStore);
        var triageAll = new TriageViewModel(triageStore) { IncludeReviewed = true };

        (string Name, Func<Task> Load)[] cases =
        [
            ("Overview: OverviewStore.ProjectsAsync", () => overviewStore.ProjectsAsync(ct)),
            ("Overview: OverviewStore.FactsAsync, last 30 days", () => overviewStore.FactsAsync(from, to, null, ct)),
            ("Overview: OverviewStore.FactsAsync, last 90 days", () => overviewStore.FactsAsync(from.AddDays(-60), to, null, ct)),
            ("Overview: OverviewCalculator.Compute, last 30 days", () => Task.FromResult(OverviewCalculator.Compute(facts, "day", "agent"))),
            ("Overview page load: 30 days, by agent, daily", () => overview.LoadAsync(ct)),
            ("Overview page load: 90 days, by model, weekly", () => wide.LoadAsync(ct)),
            ("Overview page load: one project, 30 days", () => oneProject.LoadAsync(ct)),
            ("Triage: TriageStore.QueueAsync, first page", () => triageStore.QueueAsync(false, null, 0, TriageViewModel.PageSize, ct)),
            ("Triage page load (needs review)", () => triage.LoadAsync(ct)),
            ("Triage page load (reviewed included)", () => triageAll.LoadAsync(ct)),
        ];

        const int width = 52;
        Console.WriteLine();
        Console.WriteLine($"{Warmups} warm-ups, then {Iterations} timed runs of each; the median is held against the goal");
        Timings.PrintHeader(width);
        var passed = 0;
        foreach (var (name, load) in cases)
        {
            var samples = await Timings.RepeatAsync(load, Warmups, Iterations);
            passed += Timings.PrintRow(name, width, samples, GoalMs) ? 1 : 0;
        }

        // Policy USD budgets make budget burn weigh every run in range against its project's limit; measured last, and
        // the budgets are saved away again (a new version without them), so the cached store's other cases stay as they were.
        var policies = services.GetRequiredService<PolicyStore>();
        await SaveBudgetsAsync(policies, withBudgets: true);
        try
        {
            const string name = "Overview page load: 30 days, policy USD budgets";
            var samples = await Timings.RepeatAsync(() => overview.LoadAsync(ct), Warmups, Iterations);
            passed += Timings.PrintRow(name, width, samples, GoalMs) ? 1 : 0;
        }
        finally
        {
            await SaveBudgetsAsync(policies, withBudgets: false);
        }

        Console.WriteLine();
        Console.WriteLine($"what the pages showed: {facts.Days.Sum(d => d.Runs):N0} runs in the last 30 days, {overview.Report!.Spend.Count} agents, " +
            $"{overview.Report.Wasted.Sum(w => w.Usd):N0} USD wasted; triage queue {triage.Total:N0} runs need review ({triageAll.Total:N0} with reviewed)");
        Console.WriteLine($"overview and triage queries: {passed} of {cases.Length + 1} under {GoalMs} ms");
    }

    private static async Task SaveBudgetsAsync(PolicyStore policies, bool withBudgets)
    {
        var projectPolicy = new Policy { Budget = withBudgets ? new RunBudget { HardUsd = 5m } : RunBudget.None };
        var defaultPolicy = Policy.Default with { Budget = withBudgets ? new RunBudget { SoftUsd = 10m } : RunBudget.None };
        foreach (var (project, policy) in new[] { ("payments-api", projectPolicy), (Policy.DefaultProject, defaultPolicy) })
        {
            var saved = await policies.SaveAsync(project, policy, "bench", CancellationToken.None);
            if (saved.Errors.Count > 0)
            {
                throw new InvalidOperationException(string.Join("; ", saved.Errors.Select(e => e.Message)));
            }
        }
    }
}

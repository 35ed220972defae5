using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Ingest.Control;
using Martin360.Ingest.Policies;
using Martin360.Ingest.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Martin360.Ingest.Tests.Storage;

/// <summary>
/// The overview reads rollups that triggers keep (DashboardRollups migration). Whatever happens to runs (created,
/// appended to, analysed, finished, re-imported), the facts must equal what the stored runs themselves say, computed
/// here in C# from the run rows and their JSON.
/// </summary>
public sealed class OverviewStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly s_from = new(2026, 10, 1);
    private static readonly DateOnly s_to = new(2026, 11, 20);

    private readonly string _directory = Directory.CreateTempSubdirectory("m360-overview-").FullName;
    private readonly FixedTime _time = new(s_now);
    private DbContextOptions<Martin360DbContext> _options = null!;
    private RunChangeNotifier _notifier = null!;
    private TraceStore _store = null!;
    private OverviewStore _overview = null!;
    private PolicyStore _policies = null!;

    public async ValueTask InitializeAsync()
    {
        _options = new DbContextOptionsBuilder<Martin360DbContext>().UseSqlite($"Data Source={Path.Combine(_directory, "t.db")}").Options;
        await MigrateAsync(target: null);
        var factory = new TestContextFactory(_options);
        _notifier = new RunChangeNotifier(TimeProvider.System);
        _store = new TraceStore(factory, _notifier, _time);
        _policies = new PolicyStore(factory, _time);
        _overview = new OverviewStore(factory, _policies);
    }

    public ValueTask DisposeAsync()
    {
        _notifier.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Facts_RunsThroughTheirLife_EqualWhatTheStoredRunsSay()
    {
        // Twelve runs over three agents, two projects (and none), three days; each phase changes what the overview counts.
        for (var i = 0; i < 12; i++)
        {
            var run = NewRun($"life-{i}", Day(i % 3), i % 3 == 0 ? "claude-code" : i % 3 == 1 ? "codex" : null, i % 4 == 0 ? null : $"proj-{i % 2}")
                with { Budget = i % 3 == 0 ? new RunBudget { SoftUsd = 0.01m * (i + 1), HardUsd = i == 3 ? 0.02m : null } : RunBudget.None };
            await _store.CreateRunAsync(run, CancellationToken.None);
        }

        await AssertFactsMatchRunsAsync();

        for (var i = 0; i < 12; i++)
        {
            await AppendAsync($"life-{i}", first: 1, count: 2 + i, model: i % 2 == 0 ? "gpt-5" : "claude-sonnet-4-5");
        }

        await AppendAsync("life-5", first: 20, count: 3, model: "claude-haiku-4-5");
        await AssertFactsMatchRunsAsync();

        for (var i = 0; i < 12; i++)
        {
            var outcome = (Outcome)(1 + i % 6);
            Finding[] findings = i % 4 == 3 ? [] : [Finding(FindingKind.Loop, 0.1 * i), Finding(i % 2 == 0 ? FindingKind.Loop : FindingKind.BudgetBurn, 0.05)];
            await _store.SaveAnalysisAsync($"life-{i}", Analysis(outcome, claimed: i % 3 != 1, findings), 2 + i, CancellationToken.None);
        }

        await _store.SavePolicyResultAsync("life-7", new PolicyEvaluation
        {
            Action = VerdictAction.Stop,
            Reasons = ["blocked command"],
            Violations = [Finding(FindingKind.PolicyViolation, 0.3) with { Summary = "blocked: rm -rf /" }],
            StopReason = "blocked command",
        }, CancellationToken.None);
        await AssertFactsMatchRunsAsync();

        for (var i = 0; i < 12; i += 2)
        {
            await _store.FinishRunAsync($"life-{i}", i % 4 == 0 ? RunStatus.Completed : RunStatus.Failed, null, Day(i % 3).AddHours(5), CancellationToken.None);
        }

        // A re-import moves one run to another project; another's header comes back running, with a budget it is far over.
        await _store.SaveTraceAsync(new PreparedTrace(Trace.Create(NewRun("life-1", Day(1), "codex", "proj-moved"), []), []), CancellationToken.None);
        await _store.SaveTraceAsync(new PreparedTrace(Trace.Create(NewRun("life-2", Day(2), null, "proj-0") with { Budget = new RunBudget { HardUsd = 0.001m } }, []), []),
            CancellationToken.None);

        var facts = await AssertFactsMatchRunsAsync();
        Assert.Equal(12, facts.Days.Sum(d => d.Runs));
        Assert.Equal(5, facts.Days.Sum(d => d.Finished));
        Assert.Contains(facts.Waste, w => w.Kind == "policy_violation" && w.Runs == 1);
        Assert.Equal("life-2", facts.BudgetBurn[0].Id);
        Assert.Equal(7, facts.Unfinished.Count);
    }

    [Fact]
    public async Task Facts_RunWithoutStartGetsOneFromItsFirstStep_MovesFromCreationDayToThatDay()
    {
        await _store.CreateRunAsync(new Run { Id = "late", SourceFormat = "martin360/v1", Status = RunStatus.Running }, CancellationToken.None);
        var today = DateOnly.FromDateTime(s_now.UtcDateTime);
        Assert.Equal(1, (await _overview.FactsAsync(today, today, null, CancellationToken.None)).Days.Sum(d => d.Runs));

        await AppendAsync("late", first: 1, count: 1, model: "gpt-5", at: Day(2));

        Assert.Empty((await _overview.FactsAsync(today, today, null, CancellationToken.None)).Days);
        var moved = Assert.Single((await _overview.FactsAsync(DateOnly.FromDateTime(Day(2).UtcDateTime), DateOnly.FromDateTime(Day(2).UtcDateTime), null, CancellationToken.None)).Days);
        Assert.Equal(("martin360/v1", "gpt-5", 1), (moved.Agent, moved.Model, moved.Runs));
        await AssertFactsMatchRunsAsync();
    }

    [Fact]
    public async Task Facts_AnalysisReplacesFindings_WasteCountsOnlyTheLatestFindings()
    {
        await _store.CreateRunAsync(NewRun("w1", Day(0), "codex", "p"), CancellationToken.None);
        await _store.SaveAnalysisAsync("w1", Analysis(Outcome.Stuck, claimed: false, [Finding(FindingKind.Loop, 2), Finding(FindingKind.Loop, 1)]), 0, CancellationToken.None);
        Assert.Equal([("loop", 3.0, 1)], (await FactsAsync()).Waste.Select(w => (w.Kind, w.WastedUsd, w.Runs)));

        await _store.SaveAnalysisAsync("w1", Analysis(Outcome.UnverifiedClaim, claimed: true, [Finding(FindingKind.UnverifiedCompletion, 0.5)]), 0, CancellationToken.None);

        Assert.Equal([("unverified_completion", 0.5, 1)], (await FactsAsync()).Waste.Select(w => (w.Kind, w.WastedUsd, w.Runs)));
        await AssertFactsMatchRunsAsync();
    }

    [Fact]
    public async Task Facts_StoreMigratedWithRunsInIt_CountsTheRunsThatWereThere()
    {
        // A store from before the rollups: runs written, then the DashboardRollups migration applied.
        SqliteConnection.ClearAllPools();
        File.Delete(Path.Combine(_directory, "t.db"));
        await MigrateAsync("20261122030000_Approvals");
        var path = Path.Combine(_directory, "t.db");
        var verified = Analysis(Outcome.VerifiedSuccess, claimed: true, [Finding(FindingKind.RepeatedStrategy, 0.2)]);
        await new LegacyRun
        {
            Id = "old-1", Status = "completed", StartedAt = Day(1), Agent = "codex", Project = "p", Budget = new RunBudget { HardUsd = 0.01m },
            CostUsd = 0.006, Models = "gpt-5", Outcome = "verified_success", Verification = verified.Verification, Findings = verified.Findings,
        }.InsertAsync(path);
        await new LegacyRun { Id = "old-2", StartedAt = Day(2), Agent = "aider" }.InsertAsync(path);

        await MigrateAsync(target: null);

        var facts = await AssertFactsMatchRunsAsync();
        Assert.Equal(2, facts.Days.Sum(d => d.Runs));
        Assert.Equal("old-1", Assert.Single(facts.BudgetBurn).Id);
        Assert.Equal("repeated_strategy", Assert.Single(facts.Waste).Kind);
    }

    [Fact]
    public async Task Facts_OneProject_CountOnlyThatProjectsRuns()
    {
        await _store.CreateRunAsync(NewRun("p1", Day(0), "codex", "alpha") with { Budget = new RunBudget { HardUsd = 1 } }, CancellationToken.None);
        await _store.CreateRunAsync(NewRun("p2", Day(0), "codex", "beta") with { Budget = new RunBudget { HardUsd = 1 } }, CancellationToken.None);
        await _store.CreateRunAsync(NewRun("p3", Day(0), "codex", null), CancellationToken.None);

        var facts = await _overview.FactsAsync(s_from, s_to, "alpha", CancellationToken.None);

        Assert.Equal(("alpha", 1), (Assert.Single(facts.Days).Project, facts.Days[0].Runs));
        Assert.Equal("p1", Assert.Single(facts.BudgetBurn).Id);
        Assert.Equal("p1", Assert.Single(facts.Unfinished).Id);
    }

    [Fact]
    public async Task Facts_ProjectPolicyBudgets_BurnIsAgainstTheLowerOfThePolicyAndTheRunBudget()
    {
        await SavePolicyAsync("capped", new Policy { Budget = new RunBudget { HardUsd = 0.01m } });
        await SavePolicyAsync(Policy.DefaultProject, new Policy { Budget = new RunBudget { SoftUsd = 0.02m } });
        await SavePolicyAsync("loose", new Policy());
        var runs = new (string Id, string Project, decimal? OwnUsd)[]
        {
            ("capped-policy", "capped", null), ("capped-own", "capped", 0.005m), ("capped-generous", "capped", 5m),
            ("free", "free", null), ("loose", "loose", null),
        };
        foreach (var (id, project, own) in runs)
        {
            await _store.CreateRunAsync(NewRun(id, Day(1), "codex", project) with { Budget = new RunBudget { HardUsd = own } }, CancellationToken.None);
            await AppendAsync(id, first: 1, count: 3, model: "gpt-5"); // $0.006
        }

        var burn = (await FactsAsync()).BudgetBurn;

        Assert.Equal([("capped-own", 0.005), ("capped-generous", 0.01), ("capped-policy", 0.01), ("free", 0.02)],
            burn.Select(b => (b.Id, Math.Round(b.LimitUsd, 6))));
        Assert.All(burn, b => Assert.Equal(0.006, b.CostUsd, 6));
    }

    private async Task SavePolicyAsync(string project, Policy policy) =>
        Assert.Empty((await _policies.SaveAsync(project, policy, "test", CancellationToken.None)).Errors);

    private Task<OverviewFacts> FactsAsync() => _overview.FactsAsync(s_from, s_to, null, CancellationToken.None);

    /// <summary>The rollup-based facts against the same facts computed from the run rows (all projects and each project).</summary>
    private async Task<OverviewFacts> AssertFactsMatchRunsAsync()
    {
        await using var db = new Martin360DbContext(_options);
        var runs = await db.Runs.AsNoTracking().ToListAsync();
        OverviewFacts? all = null;
        foreach (var project in runs.Select(r => r.Project).Where(p => p is not null).Distinct().Prepend(null))
        {
            var facts = await _overview.FactsAsync(s_from, s_to, project, CancellationToken.None);
            var expected = Expected(runs.Where(r => project is null || r.Project == project).ToList());
            Assert.Equal(Cells(expected.Days), Cells(facts.Days));
            Assert.Equal(expected.Waste.Select(w => (w.Kind, Math.Round(w.WastedUsd, 9), w.Runs)).Order(), facts.Waste.Select(w => (w.Kind, Math.Round(w.WastedUsd, 9), w.Runs)).Order());
            Assert.Equal(expected.BudgetBurn, facts.BudgetBurn);
            Assert.Equal(expected.Unfinished, facts.Unfinished);
            await AssertRunsListShowsTheRunsBehindEachNumberAsync(facts, project);
            all ??= facts;
        }

        return all!;
    }

    /// <summary>Each overview number links to the runs list with filters; the list must count exactly the runs behind the number.</summary>
    private async Task AssertRunsListShowsTheRunsBehindEachNumberAsync(OverviewFacts facts, string? project)
    {
        async Task<int> CountAsync(RunQuery query) =>
            (await _store.QueryRunsAsync(query with { From = query.From ?? s_from, To = query.To ?? s_to, Project = project, Take = 1 }, CancellationToken.None)).Total;

        Assert.Equal(facts.Days.Sum(d => d.Runs), await CountAsync(new RunQuery()));
        Assert.Equal(facts.Days.Sum(d => d.Finished), await CountAsync(new RunQuery { Finished = true }));
        Assert.Equal(facts.Days.Sum(d => d.Runs - d.Finished), await CountAsync(new RunQuery { Finished = false }));
        Assert.Equal(facts.Days.Sum(d => d.Verified), await CountAsync(new RunQuery { Finished = true, Outcome = "verified_success" }));
        foreach (var agent in facts.Days.GroupBy(d => d.Agent))
        {
            Assert.Equal(agent.Sum(d => d.Runs), await CountAsync(new RunQuery { Agent = agent.Key }));
        }

        foreach (var model in facts.Days.Where(d => d.Model is not null).GroupBy(d => d.Model))
        {
            Assert.Equal(model.Sum(d => d.Runs), await CountAsync(new RunQuery { Model = model.Key }));
        }

        foreach (var day in facts.Days.GroupBy(d => DateOnly.FromDateTime(d.Day)))
        {
            Assert.Equal(day.Sum(d => d.Runs), await CountAsync(new RunQuery { From = day.Key, To = day.Key }));
        }

        foreach (var waste in facts.Waste)
        {
            Assert.True(FindingKindNames.TryParse(waste.Kind, out var kind));
            Assert.Equal(waste.Runs, await CountAsync(new RunQuery { Finding = kind }));
        }
    }

    private static IEnumerable<string> Cells(IEnumerable<OverviewDay> days) =>
        days.Select(d => $"{d.Day:yyyy-MM-dd}|{d.Agent}|{d.Model}|{d.Project}|{d.Runs}|{d.Finished}|{d.Verified}|{d.Claimed}|{d.CostUsd:0.000000000}|{d.Tokens}").Order();

    /// <summary>The overview's definitions, straight from the run rows: day of start (else creation), agent, first model, and so on.</summary>
    private static OverviewFacts Expected(IReadOnlyList<RunRecord> runs)
    {
        var days = runs
            .GroupBy(r => (
                Day: DateTimeOffset.FromUnixTimeMilliseconds(r.StartedAtMs ?? r.CreatedAtMs).UtcDateTime.Date,
                Agent: r.AgentName ?? r.SourceFormat,
                Model: string.IsNullOrEmpty(r.Models) ? null : r.Models.Split(',')[0],
                r.Project))
            .Select(g => new OverviewDay(g.Key.Day, g.Key.Agent, g.Key.Model, g.Key.Project, g.Count(), g.Count(Finished),
                g.Count(r => Finished(r) && r.Outcome == "verified_success"), g.Count(r => Finished(r) && RecordMapper.VerificationOf(r)?.ClaimedDone == true),
                g.Sum(r => r.CostUsd ?? 0), g.Sum(r => r.TotalTokens)))
            .ToArray();
        var waste = runs
            .SelectMany(r => RecordMapper.FindingsOf(r).Select(f => (Run: r.Id, Kind: f.Kind.ToWire(), Usd: (double)f.WastedUsd)))
            .GroupBy(x => x.Kind)
            .Select(g => new OverviewWaste(g.Key, g.Sum(x => x.Usd), g.Select(x => x.Run).Distinct().Count()))
            .ToArray();
        var budget = runs
            .Select(r => (Run: r, Limit: (double?)(RecordMapper.BudgetOf(r).HardUsd ?? RecordMapper.BudgetOf(r).SoftUsd)))
            .Where(x => x.Limit > 0)
            .OrderByDescending(x => (x.Run.CostUsd ?? 0) * 100 / x.Limit!.Value).ThenBy(x => x.Run.Id, StringComparer.Ordinal)
            .Take(OverviewStore.TopRuns)
            .Select(x => new OverviewBudgetRun(x.Run.Id, x.Run.TaskTitle, x.Run.CostUsd ?? 0, x.Limit!.Value))
            .ToArray();
        var unfinished = runs
            .Where(r => !Finished(r))
            .OrderByDescending(r => r.CostUsd ?? 0).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Take(OverviewStore.TopRuns)
            .Select(r => new OverviewUnfinishedRun(r.Id, r.TaskTitle, r.AgentName ?? r.SourceFormat, r.CostUsd ?? 0, r.TotalTokens))
            .ToArray();
        return new OverviewFacts { Days = days, Waste = waste, BudgetBurn = budget, Unfinished = unfinished };
    }

    private static bool Finished(RunRecord run) => run.Status != "running";

    private async Task MigrateAsync(string? target)
    {
        await using var db = new Martin360DbContext(_options);
        await db.GetService<IMigrator>().MigrateAsync(target);
    }

    private async Task AppendAsync(string runId, long first, int count, string model, DateTimeOffset? at = null)
    {
        var steps = Enumerable.Range(0, count).Select(i => new Step
        {
            Id = $"s{first + i}",
            Sequence = first + i,
            Kind = StepKind.ModelCall,
            Model = model,
            Timestamp = at?.AddMinutes(i),
            Tokens = new TokenUsage(1_000 + (10 * i), 100),
            CostUsd = 0.001m * (first + i),
            CostProvenance = CostProvenance.Reported,
        }).ToArray();
        var outcome = await _store.AppendStepsAsync(runId, new PreparedTrace(Trace.Create(new Run { Id = runId, SourceFormat = "martin360/v1" }, steps), []), CancellationToken.None);
        Assert.Equal(count, outcome!.Accepted);
    }

    private static DateTimeOffset Day(int daysAgo) => s_now.AddDays(-daysAgo - 1).AddHours(-3);

    private static Run NewRun(string id, DateTimeOffset startedAt, string? agent, string? project) => new()
    {
        Id = id,
        SourceFormat = "martin360/v1",
        Status = RunStatus.Running,
        StartedAt = startedAt,
        AgentName = agent,
        Project = project,
        TaskTitle = "Task " + id,
    };

    private static AnalysisResult Analysis(Outcome outcome, bool claimed, IReadOnlyList<Finding> findings) => new()
    {
        Outcome = outcome,
        Verification = new VerificationRecord { ClaimedDone = claimed, VerifierRuns = 1, LastVerifierPassed = null, VerifiedAfterLastEdit = false },
        Findings = findings,
        Recommendations = [],
    };

    private static Finding Finding(FindingKind kind, double wastedUsd) => new()
    {
        Kind = kind,
        Severity = Severity.Warning,
        Confidence = 0.9,
        Steps = [1],
        Summary = $"{kind} wasting {wastedUsd}",
        WastedUsd = (decimal)wastedUsd,
    };

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

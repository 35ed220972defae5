using Martin360.Analysis.Model;
using Martin360.Ingest.Redaction;
using Martin360.Ingest.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Martin360.Ingest.Tests.Storage;

public sealed class TraceStoreTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("m360-store-").FullName;
    private readonly List<IReadOnlySet<string>> _notifications = [];
    private RunChangeNotifier _notifier = null!;
    private TraceStore _store = null!;
    private IDisposable _subscription = null!;

    public async ValueTask InitializeAsync()
    {
        var options = new DbContextOptionsBuilder<Martin360DbContext>().UseSqlite($"Data Source={Path.Combine(_directory, "t.db")}").Options;
        var factory = new TestContextFactory(options);
        await using (var db = factory.CreateDbContext())
        {
            await db.Database.MigrateAsync();
        }

        _notifier = new RunChangeNotifier(TimeProvider.System);
        _subscription = _notifier.Subscribe(changed =>
        {
            lock (_notifications)
            {
                _notifications.Add(changed);
            }

            return Task.CompletedTask;
        });
        _store = new TraceStore(factory, _notifier, TimeProvider.System);
    }

    public ValueTask DisposeAsync()
    {
        _subscription.Dispose();
        _notifier.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Migrate_FreshDatabase_LeavesNoPendingMigration()
    {
        var options = new DbContextOptionsBuilder<Martin360DbContext>().UseSqlite($"Data Source={Path.Combine(_directory, "t.db")}").Options;
        await using var db = new Martin360DbContext(options);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains("20261122000000_Init", await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task AppendSteps_SameStepIdsTwice_StoresOnceAndTotalsCountOnce()
    {
        await _store.CreateRunAsync(Run("r1"), CancellationToken.None);
        var batch = Prepared("r1", Step("a", 1, 100, 0.01m), Step("b", 2, 200, 0.02m));

        var first = await _store.AppendStepsAsync("r1", batch, CancellationToken.None);
        var second = await _store.AppendStepsAsync("r1", batch, CancellationToken.None);

        Assert.Equal((2, 0), (first!.Accepted, first.Duplicates));
        Assert.Equal((0, 2), (second!.Accepted, second.Duplicates));
        Assert.Equal(2, second.Run.StepCount);
        Assert.Equal(300, second.Run.InputTokens);
        Assert.Equal(0.03, second.Run.CostUsd!.Value, 6);
        Assert.Equal("reported", second.Run.CostProvenance);
    }

    [Fact]
    public async Task AppendSteps_StepWithTokensButNoCost_MakesTheRunCostUnknown()
    {
        await _store.CreateRunAsync(Run("r2"), CancellationToken.None);

        var outcome = await _store.AppendStepsAsync("r2", Prepared("r2", Step("a", 1, 100, 0.01m), Step("b", 2, 100, null)), CancellationToken.None);

        Assert.Equal("unknown", outcome!.Run.CostProvenance);
    }

    [Fact]
    public async Task SaveTrace_RunReportedItsOwnTotals_TheyWinOverTheStepSums()
    {
        var run = Run("r3") with { Tokens = new TokenUsage(5000, 700), CostUsd = 1.25m, CostProvenance = CostProvenance.Reported };

        var outcome = await _store.SaveTraceAsync(new PreparedTrace(Trace.Create(run, [Step("a", 1, 10, null)]), []), CancellationToken.None);

        Assert.Equal(5700, outcome.Run.TotalTokens);
        Assert.Equal(1.25, outcome.Run.CostUsd);
        Assert.Equal("reported", outcome.Run.CostProvenance);
    }

    [Fact]
    public async Task SaveTrace_WithRedactions_RecordsHowManyAndWhere()
    {
        var redactions = new[] { new SecretRedaction(1, "output", "openai-key", 2) };

        var outcome = await _store.SaveTraceAsync(new PreparedTrace(Trace.Create(Run("r4"), [Step("a", 1, 0, null)]), redactions), CancellationToken.None);

        Assert.Equal(2, outcome.Run.Redactions);
        Assert.Contains("openai-key", outcome.Run.RedactionsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_InABurst_CollapseIntoOneNotificationAfterCommit()
    {
        await _store.CreateRunAsync(Run("n1"), CancellationToken.None);
        await _store.CreateRunAsync(Run("n2"), CancellationToken.None);
        await _store.AppendStepsAsync("n1", Prepared("n1", Step("a", 1, 0, null)), CancellationToken.None);

        await WaitUntilAsync(() => _notifications.Count > 0);
        await Task.Delay(300);

        lock (_notifications)
        {
            var notification = Assert.Single(_notifications);
            Assert.Equal(["n1", "n2"], notification.Order());
        }

        Assert.NotNull(await _store.GetRunAsync("n2", CancellationToken.None));
    }

    [Fact]
    public async Task QueryRuns_TextWithLikeWildcards_IsMatchedLiterally()
    {
        await _store.CreateRunAsync(Run("q1") with { TaskTitle = "Fix 100% CPU" }, CancellationToken.None);
        await _store.CreateRunAsync(Run("q2") with { TaskTitle = "Fix 100 tests" }, CancellationToken.None);

        var page = await _store.QueryRunsAsync(new RunQuery { Text = "100%" }, CancellationToken.None);

        Assert.Equal("q1", Assert.Single(page.Items).Id);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(condition(), "timed out");
    }

    private static Run Run(string id) => new() { Id = id, SourceFormat = "martin360/v1", Status = RunStatus.Running };

    private static Step Step(string id, long sequence, long inputTokens, decimal? cost) => new()
    {
        Id = id,
        Sequence = sequence,
        Kind = StepKind.ModelCall,
        Model = "m",
        Tokens = new TokenUsage(inputTokens),
        CostUsd = cost,
        CostProvenance = cost is null ? CostProvenance.Unknown : CostProvenance.Reported,
    };

    private static PreparedTrace Prepared(string runId, params Step[] steps) =>
        new(Trace.Create(Run(runId), steps), []);
}

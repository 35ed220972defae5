using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Ingest.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Martin360.Ingest.Tests.Storage;

/// <summary>The order and membership of the triage queue: what a lead sees first.</summary>
public sealed class TriageStoreTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("m360-triage-").FullName;
    private DbContextOptions<Martin360DbContext> _options = null!;
    private RunChangeNotifier _notifier = null!;
    private TraceStore _store = null!;
    private TriageStore _triage = null!;

    private string DatabasePath => Path.Combine(_directory, "t.db");

    public async ValueTask InitializeAsync()
    {
        _options = new DbContextOptionsBuilder<Martin360DbContext>().UseSqlite($"Data Source={DatabasePath}").Options;
        await MigrateAsync(target: null);
        var factory = new TestContextFactory(_options);
        _notifier = new RunChangeNotifier(TimeProvider.System);
        _store = new TraceStore(factory, _notifier, TimeProvider.System);
        _triage = new TriageStore(factory, _notifier, TimeProvider.System);
    }

    public ValueTask DisposeAsync()
    {
        _notifier.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task QueueAsync_SameWaste_MostSevereFindingFirstThenMostFindings()
    {
        await FinishedRunAsync("two-warnings", Outcome.UnverifiedClaim, Finding(Severity.Warning), Finding(Severity.Warning));
        await FinishedRunAsync("critical", Outcome.FailedVerification, Finding(Severity.Critical));
        await FinishedRunAsync("info", Outcome.VerifiedSuccess, Finding(Severity.Info), Finding(Severity.Info), Finding(Severity.Info));
        await FinishedRunAsync("costly-info", Outcome.VerifiedSuccess, Finding(Severity.Info, wastedUsd: 1.5));

        var (items, total) = await _triage.QueueAsync(includeReviewed: false, null, 0, 10, CancellationToken.None);

        Assert.Equal(["costly-info", "critical", "two-warnings", "info"], items.Select(i => i.Run.Id));
        Assert.Equal(4, total);
    }

    [Fact]
    public async Task QueueAsync_RunningRuns_InOnlyOnceAWarningOrWorseIsFound()
    {
        await RunningRunAsync("live-loop", Finding(Severity.Critical));
        await RunningRunAsync("live-warning", Finding(Severity.Warning));
        await RunningRunAsync("live-info", Finding(Severity.Info));
        await RunningRunAsync("live-clean");
        await FinishedRunAsync("done-info", Outcome.VerifiedSuccess, Finding(Severity.Info));

        var (items, total) = await _triage.QueueAsync(includeReviewed: false, null, 0, 10, CancellationToken.None);

        Assert.Equal(["live-loop", "live-warning", "done-info"], items.Select(i => i.Run.Id));
        Assert.Equal(3, total);
        Assert.Equal("running", items[0].Run.Status);
    }

    [Fact]
    public async Task Migrate_StoreWithRunsFromBeforeSeverityRank_RanksThemFromTheirStoredFindings()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(DatabasePath);
        await MigrateAsync("20261122040000_DashboardRollups");
        await new LegacyRun { Id = "old-critical", Status = "failed", Outcome = "failed_verification", Findings = [Finding(Severity.Info), Finding(Severity.Critical)] }.InsertAsync(DatabasePath);
        await new LegacyRun { Id = "old-warning", Status = "completed", Outcome = "unverified_claim", Findings = [Finding(Severity.Warning)] }.InsertAsync(DatabasePath);
        await new LegacyRun { Id = "old-clean", Status = "completed", Outcome = "verified_success" }.InsertAsync(DatabasePath);

        await MigrateAsync(target: null);

        var ranks = await RanksAsync();
        Assert.Equal(new Dictionary<string, int> { ["old-critical"] = 3, ["old-warning"] = 2, ["old-clean"] = 0 }, ranks);
        var (items, _) = await _triage.QueueAsync(includeReviewed: false, null, 0, 10, CancellationToken.None);
        Assert.Equal(["old-critical", "old-warning"], items.Select(i => i.Run.Id));
    }

    private async Task<Dictionary<string, int>> RanksAsync()
    {
        await using var db = new Martin360DbContext(_options);
        return await db.Runs.ToDictionaryAsync(r => r.Id, r => r.SeverityRank);
    }

    private async Task RunningRunAsync(string id, params Finding[] findings)
    {
        await _store.CreateRunAsync(new Run { Id = id, SourceFormat = "martin360/v1", Status = RunStatus.Running }, CancellationToken.None);
        if (findings.Length > 0)
        {
            await _store.SaveAnalysisAsync(id, Analysis(Outcome.InProgress, findings), 0, CancellationToken.None);
        }
    }

    private async Task FinishedRunAsync(string id, Outcome outcome, params Finding[] findings)
    {
        await RunningRunAsync(id);
        await _store.SaveAnalysisAsync(id, Analysis(outcome, findings), 0, CancellationToken.None);
        await _store.FinishRunAsync(id, RunStatus.Completed, null, null, CancellationToken.None);
    }

    private async Task MigrateAsync(string? target)
    {
        await using var db = new Martin360DbContext(_options);
        await db.GetService<IMigrator>().MigrateAsync(target);
    }

    private static AnalysisResult Analysis(Outcome outcome, IReadOnlyList<Finding> findings) => new()
    {
        Outcome = outcome,
        Verification = new VerificationRecord { ClaimedDone = false, VerifierRuns = 0, LastVerifierPassed = null, VerifiedAfterLastEdit = false },
        Findings = findings,
        Recommendations = [],
    };

    private static Finding Finding(Severity severity, double wastedUsd = 0) => new()
    {
        Kind = FindingKind.Loop,
        Severity = severity,
        Confidence = 0.9,
        Steps = [1],
        Summary = $"{severity} finding",
        WastedUsd = (decimal)wastedUsd,
    };
}

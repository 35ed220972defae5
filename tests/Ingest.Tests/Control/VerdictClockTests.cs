using Martin360.Analysis.Model;
using Martin360.Ingest.Control;
using Martin360.Ingest.Policies;
using Martin360.Ingest.Storage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Martin360.Ingest.Tests.Control;

/// <summary>A wall-time budget passing while the agent sends nothing still reaches its harness, from the clock alone.</summary>
public sealed class VerdictClockTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("m360-clock-").FullName;
    private readonly MovableTime _time = new(s_start);
    private readonly RecordingHubContext _hub = new();
    private ServiceProvider _services = null!;

    private ControlChannel Control => _services.GetRequiredService<ControlChannel>();

    public async ValueTask InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Martin360:Storage:DataDirectory"] = _directory })
            .Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_time).AddIngest(configuration);
        services.AddSingleton<IHubContext<ControlHub>>(_hub);
        _services = services.BuildServiceProvider();
        await using var db = await _services.GetRequiredService<IDbContextFactory<Martin360DbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task RefreshWatchedAsync_PolicyWallTimePassesWithoutAnAppend_PushesStopOnce()
    {
        var saved = await _services.GetRequiredService<PolicyStore>().SaveAsync("nightly",
            new Policy { Budget = new RunBudget { SoftWallTime = TimeSpan.FromMinutes(20), HardWallTime = TimeSpan.FromMinutes(30) } }, "lead", CancellationToken.None);
        Assert.Empty(saved.Errors);
        await StartRunAsync("quiet", "nightly");
        var joined = await Control.JoinAsync("harness-1", "quiet", CancellationToken.None);
        Assert.Equal("continue", joined?.Action);

        _time.Advance(TimeSpan.FromMinutes(10));
        await Control.RefreshWatchedAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(11));
        await Control.RefreshWatchedAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(10));
        await Control.RefreshWatchedAsync(CancellationToken.None);
        await Control.RefreshWatchedAsync(CancellationToken.None);

        var pushed = Verdicts("quiet");
        Assert.Equal(["warn", "stop"], pushed.Select(v => v.Action));
        Assert.Contains(pushed[1].Reasons, r => r.StartsWith("policy: hard budget reached", StringComparison.Ordinal) && r.Contains("wall time", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefreshWatchedAsync_FinishedOrUnwatchedRuns_SendNothing()
    {
        await StartRunAsync("done", project: null, new RunBudget { HardWallTime = TimeSpan.FromMinutes(5) });
        await StartRunAsync("unwatched", project: null, new RunBudget { HardWallTime = TimeSpan.FromMinutes(5) });
        await Control.JoinAsync("harness-1", "done", CancellationToken.None);
        await _services.GetRequiredService<IngestService>().FinishAsync("done", RunStatus.Completed, null, s_start.AddMinutes(1), CancellationToken.None);

        _time.Advance(TimeSpan.FromHours(1));
        await Control.RefreshWatchedAsync(CancellationToken.None);

        Assert.Empty(Verdicts("done"));
        Assert.Empty(Verdicts("unwatched"));
    }

    [Fact]
    public async Task PublishAsync_ClockReadTheRunBeforeAStopCommitted_StaleContinueIsNotSentAfterTheStop()
    {
        await StartRunAsync("racing", project: null);
        await Control.JoinAsync("harness-1", "racing", CancellationToken.None);
        var store = _services.GetRequiredService<TraceStore>();
        var readByTheClock = await store.GetRunAsync("racing", CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(1));
        await _services.GetRequiredService<IngestService>().RequestStopAsync("racing", "dana", CancellationToken.None);
        await Control.PublishAsync(readByTheClock!, CancellationToken.None);

        Assert.Equal(["stop"], Verdicts("racing").Select(v => v.Action));
    }

    private async Task StartRunAsync(string id, string? project, RunBudget? budget = null) =>
        await _services.GetRequiredService<IngestService>().CreateRunAsync(new Run
        {
            Id = id, SourceFormat = "martin360/v1", Project = project, Status = RunStatus.Running, StartedAt = s_start, Budget = budget ?? RunBudget.None,
        }, CancellationToken.None);

    private List<VerdictMessage> Verdicts(string runId) =>
        [.. _hub.Sent.Where(s => s.Group == ControlChannel.GroupOf(runId) && s.Method == ControlChannel.VerdictMethod).Select(s => (VerdictMessage)s.Message!)];

    private sealed class MovableTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}

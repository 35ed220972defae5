using Martin360.Analysis.Model;
using Martin360.Ingest.Policies;
using Martin360.Ingest.Storage;
using Martin360.Ingest.Tests.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Martin360.Ingest.Tests.Policies;

public sealed class PolicyStoreTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("m360-policy-").FullName;
    private DbContextOptions<Martin360DbContext> _options = null!;
    private PolicyStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _options = new DbContextOptionsBuilder<Martin360DbContext>().UseSqlite($"Data Source={Path.Combine(_directory, "p.db")}").Options;
        await using (var db = new Martin360DbContext(_options))
        {
            await db.Database.MigrateAsync();
        }

        _store = new PolicyStore(new TestContextFactory(_options), TimeProvider.System);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task For_ProjectWithoutPolicy_GetsTheDefaultThenTheSavedDefaultProject()
    {
        Assert.Same(Policy.Default, _store.For("billing"));
        Assert.Same(Policy.Default, _store.For(null));

        var shared = new Policy { BlockedCommands = ["curl"] };
        await _store.SaveAsync(Policy.DefaultProject, shared, "ops", CancellationToken.None);

        Assert.Equal(["curl"], _store.For("billing").BlockedCommands);
    }

    [Fact]
    public async Task Save_TwoVersions_HistoryHasAuthorsAndDiffsNewestFirst()
    {
        var first = await _store.SaveAsync("billing", new Policy { Budget = new RunBudget { HardSteps = 40 } }, "ana", CancellationToken.None);
        var second = await _store.SaveAsync("billing", new Policy { Budget = new RunBudget { HardSteps = 20 }, BlockedCommands = ["rm -rf"] }, "ben", CancellationToken.None);

        var history = await _store.HistoryAsync("billing", CancellationToken.None);

        Assert.Equal([2, 1], history.Select(v => v.Version));
        Assert.Equal(["ben", "ana"], history.Select(v => v.Author));
        Assert.Equal("budget.hardSteps: 40 → 20; blockedCommands: + `rm -rf`", history[0].ChangeSummary);
        Assert.StartsWith("budget.hardSteps: none → 40", history[1].ChangeSummary, StringComparison.Ordinal);
        Assert.Equal(2, second.Saved!.Version);
        Assert.Equal(1, first.Saved!.Version);
        Assert.Equal(20, _store.For("billing").Budget.HardSteps);

        // A second store over the same file reads what was saved (the cache is not the only copy).
        var reopened = new PolicyStore(new TestContextFactory(_options), TimeProvider.System);
        Assert.Equal(["rm -rf"], reopened.For("billing").BlockedCommands);
        Assert.Equal(["billing"], reopened.Projects());
    }

    [Fact]
    public async Task Save_InvalidPolicy_SavesNothingAndReturnsFieldErrors()
    {
        var result = await _store.SaveAsync("billing", new Policy { Budget = new RunBudget { SoftSteps = 9, HardSteps = 3 } }, "", CancellationToken.None);

        Assert.Null(result.Saved);
        Assert.Equal(["author", "budget.softSteps"], result.Errors.Select(e => e.Field).Order());
        Assert.Empty(await _store.HistoryAsync("billing", CancellationToken.None));
        Assert.Same(Policy.Default, _store.For("billing"));
    }

    [Fact]
    public async Task Save_RaisesChangedWithTheProject()
    {
        var changed = new List<string>();
        _store.Changed += changed.Add;

        await _store.SaveAsync("  billing ", new Policy(), "ana", CancellationToken.None);

        Assert.Equal(["billing"], changed);
    }
}

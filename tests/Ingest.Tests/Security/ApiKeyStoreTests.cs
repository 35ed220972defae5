using Martin360.Ingest.Security;
using Martin360.Ingest.Storage;
using Martin360.Ingest.Tests.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Martin360.Ingest.Tests.Security;

public sealed class ApiKeyStoreTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("m360-keys-").FullName;
    private readonly SettableClock _clock = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private ApiKeyStore _keys = null!;

    public async ValueTask InitializeAsync()
    {
        var options = new DbContextOptionsBuilder<Martin360DbContext>().UseSqlite($"Data Source={Path.Combine(_directory, "k.db")}").Options;
        var factory = new TestContextFactory(options);
        await using (var db = factory.CreateDbContext())
        {
            await db.Database.MigrateAsync();
        }

        _keys = new ApiKeyStore(factory, Options.Create(new IngestOptions()), _clock);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ValidateAsync_DatabaseKeyUsedAgainWithinAMinute_LastUsedStaysAtTheFirstUse()
    {
        var (record, plain) = await _keys.CreateAsync("agent", CancellationToken.None);
        Assert.True(await _keys.ValidateAsync(plain, CancellationToken.None));
        var firstUse = _clock.GetUtcNow().ToUnixTimeMilliseconds();

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(await _keys.ValidateAsync(plain, CancellationToken.None));
        Assert.Equal(firstUse, await LastUsedAsync(record.Id));

        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(await _keys.ValidateAsync(plain, CancellationToken.None));
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), await LastUsedAsync(record.Id));
    }

    [Fact]
    public async Task ValidateAsync_KeyRevokedRightAfterUse_IsRefusedAtOnce()
    {
        var (record, plain) = await _keys.CreateAsync("agent", CancellationToken.None);
        Assert.True(await _keys.ValidateAsync(plain, CancellationToken.None));

        Assert.True(await _keys.RevokeAsync(record.Id, CancellationToken.None));

        Assert.False(await _keys.ValidateAsync(plain, CancellationToken.None));
    }

    [Fact]
    public async Task ValidateAsync_UnknownKey_IsRefused()
    {
        await _keys.CreateAsync("agent", CancellationToken.None);

        Assert.False(await _keys.ValidateAsync("m360_not-a-key", CancellationToken.None));
    }

    private async Task<long?> LastUsedAsync(string id) =>
        (await _keys.ListAsync(CancellationToken.None)).Single(k => k.Id == id).LastUsedAtMs;

    private sealed class SettableClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}

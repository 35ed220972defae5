using System.Security.Cryptography;
using System.Text;
using Martin360.Ingest.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Martin360.Ingest.Security;

/// <summary>Ingest API keys: from configuration and from the database (hashed). Keys made in this process are remembered in memory only.</summary>
public sealed class ApiKeyStore(IDbContextFactory<Martin360DbContext> contexts, IOptions<IngestOptions> options, TimeProvider time)
{
    private const string KeyPrefix = "m360_";

    /// <summary>How stale a database key's "last used" may be; within it a key is not looked up again.</summary>
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);
    private readonly HashSet<string> _configuredHashes = options.Value.ApiKeys
        .Where(k => !string.IsNullOrWhiteSpace(k)).Select(Hash).ToHashSet(StringComparer.Ordinal);

    private readonly Dictionary<string, string> _shownOnce = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _recentlyValid = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>True when configuration names at least one key.</summary>
    public bool HasConfiguredKeys => _configuredHashes.Count > 0;

    /// <summary>Checks a presented key; a database key's last use is recorded.</summary>
    public async Task<bool> ValidateAsync(string? presented, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 200)
        {
            return false;
        }

        var hash = Hash(presented);
        if (_configuredHashes.Contains(hash))
        {
            return true;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            // A key checked moments ago is still good: its "last used" is minutes-precise, and every append writing it
            // again would be a second committed transaction per append. Revoking clears this memory.
            if (_recentlyValid.TryGetValue(hash, out var recordedAt) && now - recordedAt < LastUsedPrecision.TotalMilliseconds)
            {
                return true;
            }
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // One statement: checks the key is active and records its use, without a read-modify-write race.
        var updated = await db.ApiKeys
            .Where(k => k.Hash == hash && k.RevokedAtMs == null)
            .ExecuteUpdateAsync(k => k.SetProperty(x => x.LastUsedAtMs, now), cancellationToken);
        lock (_gate)
        {
            if (updated > 0)
            {
                _recentlyValid[hash] = now;
            }
            else
            {
                _recentlyValid.Remove(hash);
            }
        }

        return updated > 0;
    }

    /// <summary>Creates a key and returns its plain text: the only time it exists outside this process's memory.</summary>
    public async Task<(ApiKeyRecord Record, string PlainText)> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var plain = KeyPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var record = new ApiKeyRecord
        {
            Id = Guid.NewGuid().ToString("n"),
            Name = string.IsNullOrWhiteSpace(name) ? "key" : name.Trim(),
            Prefix = plain[..(KeyPrefix.Length + 6)],
            Hash = Hash(plain),
            CreatedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        lock (_gate)
        {
            _shownOnce[record.Id] = plain;
        }

        return (record, plain);
    }

    /// <summary>The plain text of a key created by this process, so Settings can show it until restart; null otherwise.</summary>
    public string? PlainTextOf(string id)
    {
        lock (_gate)
        {
            return _shownOnce.GetValueOrDefault(id);
        }
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var updated = await db.ApiKeys.Where(k => k.Id == id && k.RevokedAtMs == null)
            .ExecuteUpdateAsync(k => k.SetProperty(x => x.RevokedAtMs, now), cancellationToken);
        lock (_gate)
        {
            _shownOnce.Remove(id);

            // Which hash the revoked id had is not known here without a read; forgetting all is cheap and safe.
            _recentlyValid.Clear();
        }

        return updated > 0;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAtMs).ToListAsync(cancellationToken);
    }

    /// <summary>On first start with no key anywhere, creates one. Returns its plain text, or null when keys exist.</summary>
    public async Task<string?> EnsureKeyExistsAsync(CancellationToken cancellationToken)
    {
        if (HasConfiguredKeys)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.ApiKeys.AnyAsync(k => k.RevokedAtMs == null, cancellationToken))
        {
            return null;
        }

        var (_, plain) = await CreateAsync("first key", cancellationToken);
        return plain;
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

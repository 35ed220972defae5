using Martin360.Ingest.Storage;
using Microsoft.EntityFrameworkCore;

namespace Martin360.Ingest.Policies;

/// <summary>
/// Versioned policies per project. Every save is a new version row (author, time, what changed); the latest version of
/// each project is cached, because every append reads it. A project without its own policy gets the default project's
/// ("*"), and without that <see cref="Policy.Default"/>.
/// </summary>
public sealed class PolicyStore(IDbContextFactory<Martin360DbContext> contexts, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private Dictionary<string, Policy>? _latest;

    /// <summary>Raised after a save committed, with the project key; verdicts of that project's runs may have changed.</summary>
    public event Action<string>? Changed;

    public static string KeyOf(string? project) => string.IsNullOrWhiteSpace(project) ? Policy.DefaultProject : project.Trim();

    /// <summary>The policy that applies to a run of this project now.</summary>
    public Policy For(string? project)
    {
        var latest = Latest();
        return latest.GetValueOrDefault(KeyOf(project)) ?? latest.GetValueOrDefault(Policy.DefaultProject) ?? Policy.Default;
    }

    /// <summary>The projects that have a policy of their own (the default project included when it was saved).</summary>
    public IReadOnlyList<string> Projects() => [.. Latest().Keys.Order(StringComparer.Ordinal)];

    public async Task<IReadOnlyList<PolicyVersion>> HistoryAsync(string? project, CancellationToken cancellationToken)
    {
        var key = KeyOf(project);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.PolicyVersions.AsNoTracking().Where(v => v.Project == key).OrderByDescending(v => v.Version).ToListAsync(cancellationToken);
        return rows.Select(ToVersion).ToArray();
    }

    /// <summary>Validates and saves a new version; nothing is saved when the policy has errors.</summary>
    public async Task<PolicySaveResult> SaveAsync(string? project, Policy policy, string author, CancellationToken cancellationToken)
    {
        var errors = PolicyValidator.Validate(policy).ToList();
        if (string.IsNullOrWhiteSpace(author))
        {
            errors.Add(new PolicyError("author", "say who is saving this version (it is kept in the history)"));
        }

        if (errors.Count > 0)
        {
            return new PolicySaveResult(null, errors);
        }

        var key = KeyOf(project);
        PolicyVersion saved;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var previous = await db.PolicyVersions.AsNoTracking().Where(v => v.Project == key).OrderByDescending(v => v.Version).FirstOrDefaultAsync(cancellationToken);
            var before = previous is null ? For(key) : PolicyJson.Deserialize(previous.PolicyJson);
            var record = new PolicyVersionRecord
            {
                Project = key,
                Version = (previous?.Version ?? 0) + 1,
                PolicyJson = PolicyJson.Serialize(policy),
                Author = author.Trim(),
                ChangeSummary = PolicyDiff.Describe(before, policy),
                CreatedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            db.PolicyVersions.Add(record);
            await db.SaveChangesAsync(cancellationToken);
            saved = ToVersion(record);
            var updated = new Dictionary<string, Policy>(Latest(), StringComparer.Ordinal) { [key] = policy };
            lock (_gate)
            {
                _latest = updated;
            }
        }
        finally
        {
            _writeLock.Release();
        }

        Changed?.Invoke(key);
        return new PolicySaveResult(saved, []);
    }

    private Dictionary<string, Policy> Latest()
    {
        lock (_gate)
        {
            if (_latest is null)
            {
                // Read once, synchronously: verdicts are computed on paths that are synchronous (the run page), and the table is small.
                using var db = contexts.CreateDbContext();
                _latest = db.PolicyVersions.AsNoTracking().ToList()
                    .GroupBy(v => v.Project, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => PolicyJson.Deserialize(g.MaxBy(v => v.Version)!.PolicyJson), StringComparer.Ordinal);
            }

            return _latest;
        }
    }

    private static PolicyVersion ToVersion(PolicyVersionRecord record) => new(
        record.Project, record.Version, PolicyJson.Deserialize(record.PolicyJson), record.Author, record.ChangeSummary,
        DateTimeOffset.FromUnixTimeMilliseconds(record.CreatedAtMs));
}

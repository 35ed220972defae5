using Martin360.Ingest.Security;
using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.ViewModels;

/// <summary>Settings: the ingest API keys.</summary>
public sealed class SettingsViewModel(ApiKeyStore keys)
{
    public IReadOnlyList<ApiKeyRow> Keys { get; private set; } = [];

    /// <summary>The plain text of the key just created, shown until the page is left.</summary>
    public string? JustCreated { get; private set; }

    public bool HasConfiguredKeys => keys.HasConfiguredKeys;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var records = await keys.ListAsync(cancellationToken);
        Keys = records.Select(ToRow).ToArray();
    }

    public async Task CreateAsync(string name, CancellationToken cancellationToken)
    {
        var (_, plain) = await keys.CreateAsync(name, cancellationToken);
        JustCreated = plain;
        await LoadAsync(cancellationToken);
    }

    public async Task RevokeAsync(string id, CancellationToken cancellationToken)
    {
        await keys.RevokeAsync(id, cancellationToken);
        await LoadAsync(cancellationToken);
    }

    private ApiKeyRow ToRow(ApiKeyRecord record) => new(
        record.Id,
        record.Name,
        keys.PlainTextOf(record.Id) ?? record.Prefix + "…",
        DateTimeOffset.FromUnixTimeMilliseconds(record.CreatedAtMs),
        record.LastUsedAtMs is { } used ? DateTimeOffset.FromUnixTimeMilliseconds(used) : null,
        record.RevokedAtMs is not null);
}

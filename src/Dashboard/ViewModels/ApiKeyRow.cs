namespace Martin360.Dashboard.ViewModels;

/// <summary>A key as Settings lists it; the full key only while this process remembers it.</summary>
public sealed record ApiKeyRow(string Id, string Name, string Display, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, bool Revoked);

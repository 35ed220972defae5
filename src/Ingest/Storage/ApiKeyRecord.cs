namespace Martin360.Ingest.Storage;

/// <summary>An ingest API key. Only its SHA-256 hash is stored; the prefix lets a human tell keys apart.</summary>
public sealed class ApiKeyRecord
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string Hash { get; set; }
    public long CreatedAtMs { get; set; }
    public long? LastUsedAtMs { get; set; }
    public long? RevokedAtMs { get; set; }
}

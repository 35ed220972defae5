namespace Martin360.Ingest.Native;

public sealed class TokensDto
{
    public long Input { get; set; }
    public long Output { get; set; }
    public long CacheRead { get; set; }
    public long CacheWrite { get; set; }
    public long Reasoning { get; set; }
}

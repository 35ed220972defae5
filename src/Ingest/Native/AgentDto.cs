namespace Martin360.Ingest.Native;

public sealed class AgentDto
{
    public string? Name { get; set; }
    public string? Version { get; set; }
}

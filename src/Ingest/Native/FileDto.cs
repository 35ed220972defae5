namespace Martin360.Ingest.Native;

public sealed class FileDto
{
    public string? Path { get; set; }
    public string? Action { get; set; }
}

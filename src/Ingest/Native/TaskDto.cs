namespace Martin360.Ingest.Native;

public sealed class TaskDto
{
    public string? Title { get; set; }
    public string? Objective { get; set; }
}

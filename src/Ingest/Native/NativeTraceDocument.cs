namespace Martin360.Ingest.Native;

/// <summary>A whole trace in one file: {"format": "martin360/v1", "run": {...}, "steps": [...]}.</summary>
public sealed class NativeTraceDocument
{
    public string? Format { get; set; }
    public RunDto? Run { get; set; }
    public List<StepDto>? Steps { get; set; }
}

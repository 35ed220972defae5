namespace Martin360.Ingest.Native;

/// <summary>Body of POST /api/v1/runs/{id}/steps.</summary>
public sealed class AppendStepsRequest
{
    public List<StepDto>? Steps { get; set; }
}

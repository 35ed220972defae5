namespace Martin360.Ingest.Native;

public sealed class VerifierDto
{
    public string? Framework { get; set; }
    public int? Passed { get; set; }
    public int? Failed { get; set; }
    public int? Skipped { get; set; }
    public bool? Success { get; set; }
    public List<string>? FailingTests { get; set; }
}

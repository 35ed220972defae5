namespace Martin360.Ingest.Native;

/// <summary>A step as the martin360/v1 wire format writes it.</summary>
public sealed class StepDto
{
    public string? Id { get; set; }
    public long? Sequence { get; set; }
    public string? Kind { get; set; }
    public string? ParentId { get; set; }
    public string? Agent { get; set; }
    public string? Role { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public double? DurationMs { get; set; }
    public string? Name { get; set; }
    public string? Model { get; set; }
    public TokensDto? Tokens { get; set; }
    public decimal? CostUsd { get; set; }
    public string? Command { get; set; }
    public int? ExitCode { get; set; }
    public bool? IsError { get; set; }
    public List<FileDto>? Files { get; set; }
    public VerifierDto? Verifier { get; set; }
    public string? Input { get; set; }
    public string? Output { get; set; }

    /// <summary>Set by the server on output when Input or Output was cut to the limit; ignored on input.</summary>
    public bool? Truncated { get; set; }
}

namespace Martin360.Ingest.Storage;

/// <summary>The stored row of a step. (RunId, StepId) is the key that makes re-sent batches idempotent.</summary>
public sealed class StepRecord
{
    public required string RunId { get; set; }
    public required string StepId { get; set; }
    public long Sequence { get; set; }
    public required string Kind { get; set; }
    public string? ParentStepId { get; set; }
    public string? Agent { get; set; }
    public string? Role { get; set; }
    public long? TimestampMs { get; set; }
    public double? DurationMs { get; set; }
    public string? Name { get; set; }
    public string? Model { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public long CacheReadTokens { get; set; }
    public long CacheWriteTokens { get; set; }
    public long ReasoningTokens { get; set; }
    public double? CostUsd { get; set; }
    public required string CostProvenance { get; set; }
    public string? Command { get; set; }
    public int? ExitCode { get; set; }
    public bool IsError { get; set; }
    public string? FilesJson { get; set; }
    public string? VerifierJson { get; set; }
    public string? Input { get; set; }
    public string? Output { get; set; }
    public bool Truncated { get; set; }
}

namespace Martin360.Analysis.Model;

/// <summary>One step of a run. Immutable; everything textual in it came from an agent and is untrusted.</summary>
public sealed record Step
{
    /// <summary>Stable id, unique within its run; used for idempotent appends.</summary>
    public required string Id { get; init; }

    /// <summary>Order within the run. Appends may arrive out of order; analysis sorts by this.</summary>
    public required long Sequence { get; init; }

    public required StepKind Kind { get; init; }
    public string? ParentStepId { get; init; }
    public string? Agent { get; init; }
    public string? Role { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public TimeSpan? Duration { get; init; }

    /// <summary>The tool or action name as the agent called it (Bash, str_replace_editor, apply_patch, ...).</summary>
    public string? Name { get; init; }

    public string? Model { get; init; }
    public TokenUsage Tokens { get; init; } = TokenUsage.Zero;
    public decimal? CostUsd { get; init; }
    public CostProvenance CostProvenance { get; init; }
    public string? Command { get; init; }
    public int? ExitCode { get; init; }
    public bool IsError { get; init; }
    public IReadOnlyList<FileTouch> Files { get; init; } = [];
    public VerifierResult? Verifier { get; init; }

    /// <summary>What went in: the prompt, the tool arguments, the message. Bounded on ingest.</summary>
    public string? Input { get; init; }

    /// <summary>What came out: the observation, tool result, command output. Bounded on ingest.</summary>
    public string? Output { get; init; }

    /// <summary>True when Input or Output was cut to the ingest limit.</summary>
    public bool Truncated { get; init; }
}

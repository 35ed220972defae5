namespace Martin360.Dashboard.ViewModels;

/// <summary>One step on the timeline: a headline that fits one line and the details shown when expanded.</summary>
public sealed record StepRow
{
    public required string Id { get; init; }
    public required long Sequence { get; init; }
    public required string Kind { get; init; }
    public required string Icon { get; init; }
    public required string Headline { get; init; }
    public string? Agent { get; init; }
    public string? Model { get; init; }
    public string? Command { get; init; }
    public int? ExitCode { get; init; }
    public bool IsError { get; init; }
    public long Tokens { get; init; }
    public string? Cost { get; init; }
    public string? Duration { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public IReadOnlyList<string> Files { get; init; } = [];
    public string? Verifier { get; init; }
    public string? Input { get; init; }
    public string? Output { get; init; }

    /// <summary>Agent prose (messages, thoughts) is shown as sanitised markdown; everything else as monospace text.</summary>
    public bool IsProse { get; init; }

    public bool Truncated { get; init; }

    /// <summary>Index in the list as shown (all steps, or the ones matching the search): lets the page scroll to a step.</summary>
    public int Position { get; init; }
}

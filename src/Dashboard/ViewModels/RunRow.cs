namespace Martin360.Dashboard.ViewModels;

/// <summary>One line of the runs list, ready to show.</summary>
public sealed record RunRow
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Agent { get; init; }
    public string? Project { get; init; }
    public required string Status { get; init; }
    public required string Outcome { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public TimeSpan? Duration { get; init; }
    public int Steps { get; init; }
    public long Tokens { get; init; }
    public required string Cost { get; init; }
    public int Findings { get; init; }
    public string? TopFinding { get; init; }
    public bool IsDemo { get; init; }
    public bool StopRequested { get; init; }

    /// <summary>Commands or paths of this run a policy holds until a human approves or denies them.</summary>
    public int PendingApprovals { get; init; }
}

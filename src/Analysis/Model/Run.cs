namespace Martin360.Analysis.Model;

/// <summary>The header of one agent run: who, what, when, how it ended by its own account, and its totals.</summary>
public sealed record Run
{
    public required string Id { get; init; }

    /// <summary>The format the trace arrived in: martin360/v1, claude-code, codex, swe-agent, otlp, ...</summary>
    public required string SourceFormat { get; init; }

    public string? AgentName { get; init; }
    public string? AgentVersion { get; init; }
    public string? Project { get; init; }
    public string? Repository { get; init; }
    public string? Branch { get; init; }
    public string? TaskTitle { get; init; }
    public string? TaskObjective { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public RunStatus Status { get; init; }

    /// <summary>The agent's own exit reason (submitted, exit_cost, LimitsExceeded, max iterations, ...).</summary>
    public string? ExitReason { get; init; }

    /// <summary>For multi-agent work: the run that spawned this one.</summary>
    public string? ParentRunId { get; init; }
    public string? AgentRole { get; init; }

    public RunBudget Budget { get; init; } = RunBudget.None;
    public TokenUsage Tokens { get; init; } = TokenUsage.Zero;
    public decimal? CostUsd { get; init; }
    public CostProvenance CostProvenance { get; init; }

    /// <summary>True for runs the built-in simulator made for a newcomer's first look.</summary>
    public bool IsDemo { get; init; }
}

using Martin360.Ingest.Native;

namespace Martin360.Ingest.Http;

/// <summary>A run as the HTTP API shows it: header, totals, control state and analysis.</summary>
public sealed record RunView
{
    public required string Id { get; init; }
    public required string SourceFormat { get; init; }
    public AgentDto? Agent { get; init; }
    public string? Project { get; init; }
    public string? Repository { get; init; }
    public string? Branch { get; init; }
    public TaskDto? Task { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public required string Status { get; init; }
    public string? ExitReason { get; init; }
    public string? ParentRunId { get; init; }
    public string? AgentRole { get; init; }
    public BudgetDto? Budget { get; init; }
    public required TokensDto Tokens { get; init; }
    public decimal? CostUsd { get; init; }
    public required string CostProvenance { get; init; }
    public bool IsDemo { get; init; }
    public int StepCount { get; init; }
    public IReadOnlyList<string> Models { get; init; } = [];
    public bool StopRequested { get; init; }
    public string? Outcome { get; init; }
    public VerificationView? Verification { get; init; }
    public IReadOnlyList<FindingView>? Findings { get; init; }
    public IReadOnlyList<string>? Recommendations { get; init; }
    public int Redactions { get; init; }

    /// <summary>The approvals the run's policy asked for (pending and decided); null when it never asked.</summary>
    public IReadOnlyList<ApprovalView>? Approvals { get; init; }

    /// <summary>The verdict an append would get now (GET of one run; null in lists).</summary>
    public VerdictView? Verdict { get; init; }

    public IReadOnlyList<StepDto>? Steps { get; init; }
}

namespace Martin360.Ingest.Storage;

/// <summary>The stored row of a run: its header, totals, control state and the latest analysis summary.</summary>
public sealed class RunRecord
{
    public required string Id { get; set; }
    public required string SourceFormat { get; set; }
    public string? AgentName { get; set; }
    public string? AgentVersion { get; set; }
    public string? Project { get; set; }
    public string? Repository { get; set; }
    public string? Branch { get; set; }
    public string? TaskTitle { get; set; }
    public string? TaskObjective { get; set; }
    public long? StartedAtMs { get; set; }
    public long? EndedAtMs { get; set; }
    public required string Status { get; set; }
    public string? ExitReason { get; set; }
    public string? ParentRunId { get; set; }
    public string? AgentRole { get; set; }
    public string? BudgetJson { get; set; }

    /// <summary>Tokens the run header reported itself (some agents report only run totals).</summary>
    public long ReportedInputTokens { get; set; }
    public long ReportedOutputTokens { get; set; }
    public long ReportedCacheReadTokens { get; set; }
    public long ReportedCacheWriteTokens { get; set; }
    public long ReportedReasoningTokens { get; set; }
    public double? ReportedCostUsd { get; set; }

    /// <summary>Effective totals: the header's when it reported any, else the sum of the steps.</summary>
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public long CacheReadTokens { get; set; }
    public long CacheWriteTokens { get; set; }
    public long ReasoningTokens { get; set; }
    public long TotalTokens { get; set; }
    public double? CostUsd { get; set; }
    public required string CostProvenance { get; set; }

    public bool IsDemo { get; set; }
    public int StepCount { get; set; }
    public string? Models { get; set; }
    public long CreatedAtMs { get; set; }
    public long UpdatedAtMs { get; set; }
    public long? LastStepAtMs { get; set; }

    public bool StopRequested { get; set; }
    public string? StopRequestedBy { get; set; }
    public long? StopRequestedAtMs { get; set; }

    public string? Outcome { get; set; }
    public string? VerificationJson { get; set; }
    public string? FindingsJson { get; set; }
    public string? RecommendationsJson { get; set; }
    public int FindingCount { get; set; }

    /// <summary>The worst finding's severity plus one (0 no finding, 1 info, 2 warning, 3 critical): the triage order after wasted USD.</summary>
    public int SeverityRank { get; set; }
    public double WastedUsd { get; set; }
    public string? TopFinding { get; set; }
    public int AnalyzedStepCount { get; set; }

    /// <summary>Policy violations found on appends; kept apart so a re-analysis (which rewrites FindingsJson) keeps them.</summary>
    public string? PolicyFindingsJson { get; set; }

    /// <summary>Why a policy stopped the run; once set the run's verdict stays stop.</summary>
    public string? PolicyStopReason { get; set; }

    /// <summary>Approvals the run's policy asked for (<see cref="Control.Approval"/>, JSON), pending and decided, oldest first.</summary>
    public string? ApprovalsJson { get; set; }

    /// <summary>How many of them wait for a human: the run's verdict is needs_approval while this is above 0 (and Triage lists it).</summary>
    public int PendingApprovals { get; set; }

    public int Redactions { get; set; }
    public string? RedactionsJson { get; set; }
}

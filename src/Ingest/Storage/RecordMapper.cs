using System.Text.Json;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Ingest.Control;
using Martin360.Ingest.Policies;

namespace Martin360.Ingest.Storage;

/// <summary>Converts between the trace model and stored rows.</summary>
public static class RecordMapper
{
    // Stored JSON keeps nulls: records with required nullable members must round-trip.
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public static StepRecord ToRecord(string runId, Step step) => new()
    {
        RunId = runId,
        StepId = step.Id,
        Sequence = step.Sequence,
        Kind = step.Kind.ToWire(),
        ParentStepId = step.ParentStepId,
        Agent = step.Agent,
        Role = step.Role,
        TimestampMs = step.Timestamp?.ToUnixTimeMilliseconds(),
        DurationMs = step.Duration?.TotalMilliseconds,
        Name = step.Name,
        Model = step.Model,
        InputTokens = step.Tokens.Input,
        OutputTokens = step.Tokens.Output,
        CacheReadTokens = step.Tokens.CacheRead,
        CacheWriteTokens = step.Tokens.CacheWrite,
        ReasoningTokens = step.Tokens.Reasoning,
        CostUsd = step.CostUsd is { } cost ? (double)cost : null,
        CostProvenance = step.CostProvenance.ToWire(),
        Command = step.Command,
        ExitCode = step.ExitCode,
        IsError = step.IsError,
        FilesJson = step.Files.Count == 0 ? null : JsonSerializer.Serialize(step.Files, s_json),
        VerifierJson = step.Verifier is null ? null : JsonSerializer.Serialize(step.Verifier, s_json),
        Input = step.Input,
        Output = step.Output,
        Truncated = step.Truncated,
    };

    public static Step ToStep(StepRecord record) => new()
    {
        Id = record.StepId,
        Sequence = record.Sequence,
        Kind = WireNames.TryParse<StepKind>(record.Kind, out var kind) ? kind : StepKind.Other,
        ParentStepId = record.ParentStepId,
        Agent = record.Agent,
        Role = record.Role,
        Timestamp = record.TimestampMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
        Duration = record.DurationMs is { } d ? TimeSpan.FromMilliseconds(d) : null,
        Name = record.Name,
        Model = record.Model,
        Tokens = new TokenUsage(record.InputTokens, record.OutputTokens, record.CacheReadTokens, record.CacheWriteTokens, record.ReasoningTokens),
        CostUsd = record.CostUsd is { } c ? (decimal)c : null,
        CostProvenance = WireNames.TryParse<CostProvenance>(record.CostProvenance, out var p) ? p : CostProvenance.Unknown,
        Command = record.Command,
        ExitCode = record.ExitCode,
        IsError = record.IsError,
        Files = record.FilesJson is null ? [] : JsonSerializer.Deserialize<List<FileTouch>>(record.FilesJson, s_json) ?? [],
        Verifier = record.VerifierJson is null ? null : JsonSerializer.Deserialize<VerifierResult>(record.VerifierJson, s_json),
        Input = record.Input,
        Output = record.Output,
        Truncated = record.Truncated,
    };

    public static Run ToRun(RunRecord record) => new()
    {
        Id = record.Id,
        SourceFormat = record.SourceFormat,
        AgentName = record.AgentName,
        AgentVersion = record.AgentVersion,
        Project = record.Project,
        Repository = record.Repository,
        Branch = record.Branch,
        TaskTitle = record.TaskTitle,
        TaskObjective = record.TaskObjective,
        StartedAt = FromMs(record.StartedAtMs),
        EndedAt = FromMs(record.EndedAtMs),
        Status = WireNames.TryParse<RunStatus>(record.Status, out var status) ? status : RunStatus.Unknown,
        ExitReason = record.ExitReason,
        ParentRunId = record.ParentRunId,
        AgentRole = record.AgentRole,
        Budget = BudgetOf(record),
        Tokens = new TokenUsage(record.InputTokens, record.OutputTokens, record.CacheReadTokens, record.CacheWriteTokens, record.ReasoningTokens),
        CostUsd = record.CostUsd is { } c ? (decimal)c : null,
        CostProvenance = WireNames.TryParse<CostProvenance>(record.CostProvenance, out var p) ? p : CostProvenance.Unknown,
        IsDemo = record.IsDemo,
    };

    public static RunBudget BudgetOf(RunRecord record) =>
        record.BudgetJson is null ? RunBudget.None : JsonSerializer.Deserialize<RunBudget>(record.BudgetJson, s_json) ?? RunBudget.None;

    public static string? BudgetJson(RunBudget budget) => budget.IsEmpty ? null : JsonSerializer.Serialize(budget, s_json);

    public static IReadOnlyList<Finding> FindingsOf(RunRecord record) => FindingsOf(record.FindingsJson);

    public static IReadOnlyList<Finding> FindingsOf(string? findingsJson) =>
        findingsJson is null ? [] : JsonSerializer.Deserialize<List<Finding>>(findingsJson, s_json) ?? [];

    public static IReadOnlyList<string> RecommendationsOf(RunRecord record) =>
        record.RecommendationsJson is null ? [] : JsonSerializer.Deserialize<List<string>>(record.RecommendationsJson, s_json) ?? [];

    public static VerificationRecord? VerificationOf(RunRecord record) =>
        record.VerificationJson is null ? null : JsonSerializer.Deserialize<VerificationRecord>(record.VerificationJson, s_json);

    /// <summary>The analysis stored on a run, as analysis returned it; null when the run was never analysed.</summary>
    public static AnalysisResult? AnalysisOf(RunRecord record) => VerificationOf(record) is { } verification
        ? new AnalysisResult
        {
            Outcome = WireNames.TryParse<Outcome>(record.Outcome, out var outcome) ? outcome : Outcome.Unknown,
            Verification = verification,
            Findings = FindingsOf(record),
            Recommendations = RecommendationsOf(record),
        }
        : null;

    public static IReadOnlyList<Finding> PolicyFindingsOf(RunRecord record) =>
        record.PolicyFindingsJson is null ? [] : JsonSerializer.Deserialize<List<Finding>>(record.PolicyFindingsJson, s_json) ?? [];

    public static void ApplyAnalysis(RunRecord record, AnalysisResult result, int analyzedSteps)
    {
        record.Outcome = result.Outcome.ToWire();
        record.VerificationJson = JsonSerializer.Serialize(result.Verification, s_json);
        record.RecommendationsJson = JsonSerializer.Serialize(result.Recommendations, s_json);
        record.AnalyzedStepCount = analyzedSteps;
        SetFindings(record, [.. result.Findings.Where(f => f.Kind != FindingKind.PolicyViolation), .. PolicyFindingsOf(record)]);
    }

    /// <summary>Adds policy violations the run does not have yet (same summary = same violation); true when any was new.</summary>
    public static bool AddPolicyFindings(RunRecord record, IReadOnlyList<Finding> violations)
    {
        var stored = PolicyFindingsOf(record).ToList();
        var known = stored.Select(f => f.Summary).ToHashSet(StringComparer.Ordinal);
        var added = violations.Where(v => known.Add(v.Summary)).ToList();
        if (added.Count == 0)
        {
            return false;
        }

        stored.AddRange(added);
        SetPolicyFindings(record, stored);
        return true;
    }

    public static IReadOnlyList<Approval> ApprovalsOf(RunRecord record) =>
        record.ApprovalsJson is null ? [] : JsonSerializer.Deserialize<List<Approval>>(record.ApprovalsJson, s_json) ?? [];

    /// <summary>
    /// Stores the approvals asked for that the run has not been asked yet (same step, kind and subject = same request,
    /// whatever its state: an approved step re-sent is not asked again). Returns the new ones, and the finding summaries
    /// of the requests that were already known (their violation must not be recorded again).
    /// </summary>
    public static (IReadOnlyList<Approval> Added, IReadOnlySet<string> KnownFindings) AddApprovals(RunRecord record, IReadOnlyList<ApprovalRequest> requests, long nowMs)
    {
        if (requests.Count == 0)
        {
            return ([], new HashSet<string>());
        }

        var approvals = ApprovalsOf(record).ToList();
        var added = new List<Approval>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            if (approvals.Any(a => a.Request.SameAs(request)))
            {
                known.Add(request.Finding);
                continue;
            }

            var approval = new Approval { Id = approvals.Count == 0 ? 1 : approvals.Max(a => a.Id) + 1, Request = request, RequestedAtMs = nowMs };
            approvals.Add(approval);
            added.Add(approval);
        }

        SetApprovals(record, approvals);
        return (added, known);
    }

    /// <summary>
    /// A human's decision on a pending approval. Returns the approval as it stands afterwards (null when the run has no
    /// such approval) and whether this call decided it; an approval decided before is left as it was.
    /// Approving drops the approval's violation finding: a command a human allowed is not a violation.
    /// </summary>
    public static (Approval? Approval, bool Decided) DecideApproval(RunRecord record, int approvalId, ApprovalStatus decision, string by, long nowMs)
    {
        var approvals = ApprovalsOf(record).ToList();
        var index = approvals.FindIndex(a => a.Id == approvalId);
        if (index < 0)
        {
            return (null, false);
        }

        if (!approvals[index].IsPending)
        {
            return (approvals[index], false);
        }

        var decided = approvals[index] with { Status = decision, DecidedBy = by, DecidedAtMs = nowMs };
        approvals[index] = decided;
        SetApprovals(record, approvals);
        if (decision == ApprovalStatus.Approved)
        {
            SetPolicyFindings(record, PolicyFindingsOf(record).Where(f => f.Summary != decided.Request.Finding).ToList());
        }

        return (decided, true);
    }

    private static void SetPolicyFindings(RunRecord record, IReadOnlyList<Finding> policyFindings)
    {
        record.PolicyFindingsJson = JsonSerializer.Serialize(policyFindings, s_json);
        SetFindings(record, [.. FindingsOf(record).Where(f => f.Kind != FindingKind.PolicyViolation), .. policyFindings]);
    }

    private static void SetApprovals(RunRecord record, IReadOnlyList<Approval> approvals)
    {
        record.ApprovalsJson = approvals.Count == 0 ? null : JsonSerializer.Serialize(approvals, s_json);
        record.PendingApprovals = approvals.Count(a => a.IsPending);
    }

    /// <summary>The run's findings as every reader sees them: analysis' first, then the policy's.</summary>
    private static void SetFindings(RunRecord record, IReadOnlyList<Finding> findings)
    {
        record.FindingsJson = JsonSerializer.Serialize(findings, s_json);
        record.FindingCount = findings.Count;
        record.SeverityRank = findings.Count == 0 ? 0 : (int)findings.Max(f => f.Severity) + 1;
        record.WastedUsd = (double)findings.Sum(f => f.WastedUsd);
        var top = findings.OrderByDescending(f => f.Severity).ThenByDescending(f => f.WastedUsd).FirstOrDefault();
        record.TopFinding = top?.Summary;
    }

    public static DateTimeOffset? FromMs(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}

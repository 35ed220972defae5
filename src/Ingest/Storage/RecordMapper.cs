using System.Text.Json;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;

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
        record.PolicyFindingsJson = JsonSerializer.Serialize(stored, s_json);
        SetFindings(record, [.. FindingsOf(record).Where(f => f.Kind != FindingKind.PolicyViolation), .. stored]);
        return true;
    }

    /// <summary>The run's findings as every reader sees them: analysis' first, then the policy's.</summary>
    private static void SetFindings(RunRecord record, IReadOnlyList<Finding> findings)
    {
        record.FindingsJson = JsonSerializer.Serialize(findings, s_json);
        record.FindingCount = findings.Count;
        record.WastedUsd = (double)findings.Sum(f => f.WastedUsd);
        var top = findings.OrderByDescending(f => f.Severity).ThenByDescending(f => f.WastedUsd).FirstOrDefault();
        record.TopFinding = top?.Summary;
    }

    public static DateTimeOffset? FromMs(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}

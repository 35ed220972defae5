using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Ingest.Control;
using Martin360.Ingest.Native;
using Martin360.Ingest.Storage;

namespace Martin360.Ingest.Http;

/// <summary>Stored rows to the API's views.</summary>
public static class ViewMapper
{
    public static RunView ToView(RunRecord run, IEnumerable<StepRecord>? steps = null)
    {
        var budget = RecordMapper.BudgetOf(run);
        return new RunView
        {
            Id = run.Id,
            SourceFormat = run.SourceFormat,
            Agent = run.AgentName is null && run.AgentVersion is null ? null : new AgentDto { Name = run.AgentName, Version = run.AgentVersion },
            Project = run.Project,
            Repository = run.Repository,
            Branch = run.Branch,
            Task = run.TaskTitle is null && run.TaskObjective is null ? null : new TaskDto { Title = run.TaskTitle, Objective = run.TaskObjective },
            StartedAt = RecordMapper.FromMs(run.StartedAtMs),
            EndedAt = RecordMapper.FromMs(run.EndedAtMs),
            Status = run.Status,
            ExitReason = run.ExitReason,
            ParentRunId = run.ParentRunId,
            AgentRole = run.AgentRole,
            Budget = budget.IsEmpty ? null : new BudgetDto
            {
                SoftUsd = budget.SoftUsd,
                HardUsd = budget.HardUsd,
                SoftTokens = budget.SoftTokens,
                HardTokens = budget.HardTokens,
                SoftSteps = budget.SoftSteps,
                HardSteps = budget.HardSteps,
                SoftWallTimeSeconds = budget.SoftWallTime?.TotalSeconds,
                HardWallTimeSeconds = budget.HardWallTime?.TotalSeconds,
            },
            Tokens = new TokensDto
            {
                Input = run.InputTokens,
                Output = run.OutputTokens,
                CacheRead = run.CacheReadTokens,
                CacheWrite = run.CacheWriteTokens,
                Reasoning = run.ReasoningTokens,
            },
            CostUsd = run.CostUsd is { } cost ? Math.Round((decimal)cost, 6) : null,
            CostProvenance = run.CostProvenance,
            IsDemo = run.IsDemo,
            StepCount = run.StepCount,
            Models = run.Models?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [],
            StopRequested = run.StopRequested,
            Outcome = run.Outcome,
            Verification = RecordMapper.VerificationOf(run) is { } v
                ? new VerificationView(v.ClaimedDone, v.VerifierRuns, v.LastVerifierPassed, v.VerifiedAfterLastEdit)
                : null,
            Findings = RecordMapper.FindingsOf(run).Select(ToView).ToArray(),
            Recommendations = RecordMapper.RecommendationsOf(run),
            Redactions = run.Redactions,
            Approvals = run.ApprovalsJson is null ? null : RecordMapper.ApprovalsOf(run).Select(ToView).ToArray(),
            Steps = steps?.Select(s => ToDto(RecordMapper.ToStep(s))).ToArray(),
        };
    }

    public static ApprovalView ToView(Approval approval) => new()
    {
        Id = approval.Id,
        Status = approval.StatusName,
        Step = approval.Request.Step,
        StepId = approval.Request.StepId,
        Kind = approval.Request.KindName,
        Subject = approval.Request.Subject,
        Pattern = approval.Request.Pattern,
        Reason = approval.Request.Reason,
        RequestedAt = DateTimeOffset.FromUnixTimeMilliseconds(approval.RequestedAtMs),
        DecidedBy = approval.DecidedBy,
        DecidedAt = RecordMapper.FromMs(approval.DecidedAtMs),
    };

    public static FindingView ToView(Finding finding) => new(
        finding.Kind.ToWire(), finding.Severity.ToWire(), finding.Confidence, finding.Steps, finding.Summary, finding.WastedTokens, finding.WastedUsd);

    public static VerdictView ToView(Verdict verdict) => new(verdict.ActionName, verdict.Reasons);

    public static StepDto ToDto(Step step) => new()
    {
        Id = step.Id,
        Sequence = step.Sequence,
        Kind = step.Kind.ToWire(),
        ParentId = step.ParentStepId,
        Agent = step.Agent,
        Role = step.Role,
        Timestamp = step.Timestamp,
        DurationMs = step.Duration?.TotalMilliseconds,
        Name = step.Name,
        Model = step.Model,
        Tokens = step.Tokens.IsZero ? null : new TokensDto
        {
            Input = step.Tokens.Input,
            Output = step.Tokens.Output,
            CacheRead = step.Tokens.CacheRead,
            CacheWrite = step.Tokens.CacheWrite,
            Reasoning = step.Tokens.Reasoning,
        },
        CostUsd = step.CostUsd,
        Command = step.Command,
        ExitCode = step.ExitCode,
        IsError = step.IsError ? true : null,
        Files = step.Files.Count == 0 ? null : step.Files.Select(f => new FileDto { Path = f.Path, Action = f.Action.ToWire() }).ToList(),
        Verifier = step.Verifier is { } v ? new VerifierDto
        {
            Framework = v.Framework,
            Passed = v.Passed,
            Failed = v.Failed,
            Skipped = v.Skipped,
            Success = v.Success,
            FailingTests = v.FailingTests.Count == 0 ? null : [.. v.FailingTests],
        } : null,
        Input = step.Input,
        Output = step.Output,
        Truncated = step.Truncated ? true : null,
    };
}

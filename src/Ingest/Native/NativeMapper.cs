using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters;

namespace Martin360.Ingest.Native;

/// <summary>Maps martin360/v1 DTOs to the model, naming the offending field of anything invalid.</summary>
public static class NativeMapper
{
    public const string Format = "martin360/v1";

    /// <summary>Maps a run body; a run whose status is not given gets <paramref name="defaultStatus"/>.</summary>
    public static Run ToRun(RunDto dto, string id, RunStatus defaultStatus, string sourceFormat = Format)
    {
        var status = defaultStatus;
        if (dto.Status is not null)
        {
            WireNames.TryParse(dto.Status, out status);
        }

        var budget = dto.Budget is null ? RunBudget.None : new RunBudget
        {
            SoftUsd = dto.Budget.SoftUsd,
            HardUsd = dto.Budget.HardUsd,
            SoftTokens = dto.Budget.SoftTokens,
            HardTokens = dto.Budget.HardTokens,
            SoftSteps = dto.Budget.SoftSteps,
            HardSteps = dto.Budget.HardSteps,
            SoftWallTime = dto.Budget.SoftWallTimeSeconds is { } soft ? TimeSpan.FromSeconds(soft) : null,
            HardWallTime = dto.Budget.HardWallTimeSeconds is { } hard ? TimeSpan.FromSeconds(hard) : null,
        };

        return new Run
        {
            Id = id,
            SourceFormat = sourceFormat,
            AgentName = dto.Agent?.Name,
            AgentVersion = dto.Agent?.Version,
            Project = dto.Project,
            Repository = dto.Repository,
            Branch = dto.Branch,
            TaskTitle = dto.Task?.Title,
            TaskObjective = dto.Task?.Objective,
            StartedAt = dto.StartedAt,
            EndedAt = dto.EndedAt,
            Status = status,
            ExitReason = dto.ExitReason,
            ParentRunId = dto.ParentRunId,
            AgentRole = dto.AgentRole,
            Budget = budget,
            Tokens = ToTokens(dto.Tokens),
            CostUsd = dto.CostUsd,
            CostProvenance = dto.CostUsd is null ? CostProvenance.Unknown : CostProvenance.Reported,
        };
    }

    /// <summary>Validates a run body; returns field errors keyed by JSON path.</summary>
    public static IReadOnlyList<ImportIssue> ValidateRun(RunDto dto, string path = "$")
    {
        var issues = new List<ImportIssue>();
        if (dto.Id is { } id && !IsValidId(id))
        {
            issues.Add(Error($"{path}.id", "must be 1 to 128 characters of letters, digits, '-', '_', '.', ':'"));
        }

        if (dto.Status is not null && !WireNames.TryParse<RunStatus>(dto.Status, out _))
        {
            issues.Add(Error($"{path}.status", $"unknown status '{dto.Status}'; expected one of {WireNames.Names<RunStatus>()}"));
        }

        if (dto.Budget is { } budget)
        {
            if (budget.SoftUsd < 0 || budget.HardUsd < 0 || budget.SoftTokens < 0 || budget.HardTokens < 0
                || budget.SoftSteps < 0 || budget.HardSteps < 0 || budget.SoftWallTimeSeconds < 0 || budget.HardWallTimeSeconds < 0)
            {
                issues.Add(Error($"{path}.budget", "limits must not be negative"));
            }
        }

        return issues;
    }

    /// <summary>Maps one step, or reports why it cannot be mapped. The path names the step in its batch, e.g. $.steps[3].</summary>
    public static Step? ToStep(StepDto dto, string path, List<ImportIssue> issues)
    {
        var before = issues.Count;
        if (string.IsNullOrWhiteSpace(dto.Id))
        {
            issues.Add(Error($"{path}.id", "is required (a stable id makes re-sent batches idempotent)"));
        }
        else if (dto.Id.Length > 200)
        {
            issues.Add(Error($"{path}.id", "must be at most 200 characters"));
        }

        if (dto.Sequence is null)
        {
            issues.Add(Error($"{path}.sequence", "is required"));
        }
        else if (dto.Sequence < 0)
        {
            issues.Add(Error($"{path}.sequence", "must not be negative"));
        }

        var kind = StepKind.Other;
        if (string.IsNullOrWhiteSpace(dto.Kind))
        {
            issues.Add(Error($"{path}.kind", $"is required; one of {WireNames.Names<StepKind>()}"));
        }
        else if (!WireNames.TryParse(dto.Kind, out kind))
        {
            issues.Add(Error($"{path}.kind", $"unknown kind '{Clip(dto.Kind)}'; expected one of {WireNames.Names<StepKind>()}"));
        }

        if (dto.DurationMs < 0)
        {
            issues.Add(Error($"{path}.durationMs", "must not be negative"));
        }

        if (dto.CostUsd < 0)
        {
            issues.Add(Error($"{path}.costUsd", "must not be negative"));
        }

        if (dto.Tokens is { } t && (t.Input < 0 || t.Output < 0 || t.CacheRead < 0 || t.CacheWrite < 0 || t.Reasoning < 0))
        {
            issues.Add(Error($"{path}.tokens", "token counts must not be negative"));
        }

        var files = new List<FileTouch>();
        for (var i = 0; i < (dto.Files?.Count ?? 0); i++)
        {
            var file = dto.Files![i];
            if (string.IsNullOrWhiteSpace(file.Path))
            {
                issues.Add(Error($"{path}.files[{i}].path", "is required"));
                continue;
            }

            var action = FileAction.Read;
            if (file.Action is not null && !WireNames.TryParse(file.Action, out action))
            {
                issues.Add(Error($"{path}.files[{i}].action", $"unknown action '{Clip(file.Action)}'; expected one of {WireNames.Names<FileAction>()}"));
                continue;
            }

            files.Add(new FileTouch(file.Path, action));
        }

        if (issues.Count > before)
        {
            return null;
        }

        return new Step
        {
            Id = dto.Id!,
            Sequence = dto.Sequence!.Value,
            Kind = kind,
            ParentStepId = dto.ParentId,
            Agent = dto.Agent,
            Role = dto.Role,
            Timestamp = dto.Timestamp,
            Duration = dto.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            Name = dto.Name,
            Model = dto.Model,
            Tokens = ToTokens(dto.Tokens),
            CostUsd = dto.CostUsd,
            CostProvenance = dto.CostUsd is null ? CostProvenance.Unknown : CostProvenance.Reported,
            Command = dto.Command,
            ExitCode = dto.ExitCode,
            IsError = dto.IsError ?? false,
            Files = files,
            Verifier = dto.Verifier is { } v ? new VerifierResult
            {
                Framework = v.Framework,
                Passed = v.Passed,
                Failed = v.Failed,
                Skipped = v.Skipped,
                Success = v.Success,
                FailingTests = v.FailingTests ?? [],
            } : null,
            Input = dto.Input,
            Output = dto.Output,
        };
    }

    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    private static TokenUsage ToTokens(TokensDto? dto) => dto is null
        ? TokenUsage.Zero
        : new TokenUsage(dto.Input, dto.Output, dto.CacheRead, dto.CacheWrite, dto.Reasoning);

    private static ImportIssue Error(string path, string message) => new(ImportIssueLevel.Error, message, Path: path);

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;
}

using System.Text.Json;
using Martin360.Analysis.Model;
using static Martin360.Ingest.Adapters.MartinLoop.MartinLoopAdapter;

namespace Martin360.Ingest.Adapters.MartinLoop;

/// <summary>Maps one MartinLoop LoopRecord (packages/contracts LoopRecord) onto a run and its steps.</summary>
internal static class LoopRecordReader
{
    // Events that only repeat what the attempts already say, or open the run.
    private static readonly HashSet<string> s_covered = new(StringComparer.Ordinal)
    {
        "run.started", "attempt.started", "attempt.completed", "failure.classified", "intervention.selected",
    };

    public static Trace? Read(JsonElement record, int line, List<ImportIssue> issues)
    {
        var loopId = String(record, "loopId");
        if (string.IsNullOrWhiteSpace(loopId))
        {
            issues.Add(new ImportIssue(ImportIssueLevel.Error, "is required (a non-empty string)", line, "$.loopId"));
            return null;
        }

        var task = Object(record, "task");
        var cost = Object(record, "cost");
        var status = String(record, "status");
        var lifecycle = String(record, "lifecycleState");
        var items = new List<(DateTimeOffset? Time, Func<int, Step> Make)>();

        if (record.TryGetProperty("attempts", out var attempts) && attempts.ValueKind == JsonValueKind.Array)
        {
            foreach (var attempt in attempts.EnumerateArray().OrderBy(a => Long(a, "index") ?? long.MaxValue))
            {
                var a = attempt;
                items.Add((Time(a, "startedAt"), sequence => Attempt(loopId, sequence, a)));
            }
        }

        if (record.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in events.EnumerateArray())
            {
                var type = String(e, "type");
                if (type is null || s_covered.Contains(type))
                {
                    continue;
                }

                items.Add((Time(e, "timestamp"), sequence => Event(loopId, sequence, type, e)));
            }
        }

        // Timestamps order attempts and events when every one has them; otherwise attempts come first, as written.
        var ordered = items.All(i => i.Time is not null) ? items.OrderBy(i => i.Time).ToList() : items;
        var steps = ordered.Select((item, i) => item.Make(i + 1)).ToList();

        var actual = Decimal(cost, "actualUsd");
        var provenance = String(cost, "provenance");
        var reported = actual is not null && provenance != "unavailable";
        var updated = Time(record, "updatedAt");
        var runStatus = StatusOf(status, lifecycle);
        var run = new Run
        {
            Id = loopId,
            SourceFormat = FormatName,
            // The governed coding agent (opencode, claude, codex) when MartinLoop names it; the format says MartinLoop.
            AgentName = String(Object(record, "metadata"), "agentRuntime") ?? "martinloop",
            Project = String(record, "projectId"),
            Repository = String(task, "repoRoot"),
            TaskTitle = String(task, "title"),
            TaskObjective = String(task, "objective"),
            StartedAt = Time(record, "createdAt"),
            EndedAt = runStatus is RunStatus.Running ? null : updated,
            Status = runStatus,
            ExitReason = lifecycle,
            Budget = Budget(Object(record, "budget")),
            Tokens = new TokenUsage(Long(cost, "tokensIn") ?? 0, Long(cost, "tokensOut") ?? 0),
            CostUsd = reported ? actual : null,
            CostProvenance = reported ? CostProvenance.Reported : CostProvenance.Unknown,
        };
        return Trace.Create(run, steps);
    }

    private static Step Attempt(string loopId, int sequence, JsonElement attempt)
    {
        var failure = String(attempt, "failureClass");
        var intervention = String(attempt, "intervention");
        var started = Time(attempt, "startedAt");
        var completed = Time(attempt, "completedAt");
        var summary = String(attempt, "summary");
        return NewStep(loopId, sequence, failure is null ? StepKind.ModelCall : StepKind.Error) with
        {
            // The failure class names what went wrong; the intervention what MartinLoop did about it.
            Name = failure ?? "attempt",
            Agent = String(attempt, "adapterId"),
            Model = String(attempt, "model"),
            Timestamp = started,
            Duration = started is not null && completed >= started ? completed - started : null,
            IsError = failure is not null,
            Input = $"attempt {Long(attempt, "index")}",
            Output = intervention is null ? summary : $"{summary}\nintervention: {intervention}".TrimStart('\n'),
        };
    }

    private static Step Event(string loopId, int sequence, string type, JsonElement e)
    {
        var payload = Object(e, "payload");
        var step = NewStep(loopId, sequence, StepKind.Other) with
        {
            Name = type,
            Timestamp = Time(e, "timestamp"),
            Output = payload.ValueKind == JsonValueKind.Object ? payload.GetRawText() : null,
        };

        return type switch
        {
            "verification.completed" => LedgerReader.Verification(step, payload),
            "budget.updated" => step with { Kind = StepKind.PolicyDecision, IsError = String(payload, "pressure") == "hard_limit" },
            "run.completed" => step with { Output = String(payload, "reason") ?? step.Output },
            _ => step,
        };
    }

    private static RunBudget Budget(JsonElement budget)
    {
        if (budget.ValueKind != JsonValueKind.Object)
        {
            return RunBudget.None;
        }

        var iterations = Long(budget, "maxIterations");
        var result = new RunBudget
        {
            SoftUsd = Decimal(budget, "softLimitUsd"),
            HardUsd = Decimal(budget, "maxUsd"),
            HardTokens = Long(budget, "maxTokens"),

            // Attempts are this format's steps, so the iteration cap is the step cap.
            HardSteps = iterations is { } n && n <= int.MaxValue ? (int)n : null,
        };
        return result == RunBudget.None ? RunBudget.None : result;
    }
}

using System.Text.Json;
using Martin360.Analysis.Model;
using static Martin360.Ingest.Adapters.MartinLoop.MartinLoopAdapter;

namespace Martin360.Ingest.Adapters.MartinLoop;

/// <summary>Maps MartinLoop's ledger.jsonl entries (packages/core persistence LedgerEvent), grouped by runId, onto runs.</summary>
internal static class LedgerReader
{
    public static IEnumerable<Trace> Read(List<(JsonElement Entry, int Line)> entries) =>
        entries
            .GroupBy(e => String(e.Entry, "runId")!, StringComparer.Ordinal)
            .Select(group => ToTrace(group.Key, group.Select(g => g.Entry).ToList()));

    /// <summary>A verification result ({passed, summary, steps: [{command, exitCode}]}) as a verifier run.</summary>
    public static Step Verification(Step step, JsonElement payload)
    {
        bool? passed = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("passed", out var p)
            && p.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? p.GetBoolean()
                : null;
        var commands = new List<string>();
        int? exitCode = null;
        if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("steps", out var steps) && steps.ValueKind == JsonValueKind.Array)
        {
            foreach (var s in steps.EnumerateArray())
            {
                if (String(s, "command") is { } command)
                {
                    commands.Add(command);
                }

                if (Long(s, "exitCode") is { } code && (exitCode is null or 0))
                {
                    exitCode = (int)Math.Min(code, int.MaxValue);
                }
            }
        }

        return step with
        {
            Kind = StepKind.VerifierRun,
            Command = commands.Count > 0 ? string.Join(" && ", commands) : step.Command,
            ExitCode = exitCode,
            Output = String(payload, "summary") ?? step.Output,
            Verifier = new VerifierResult { Framework = "martinloop", Success = passed },
        };
    }

    private static Trace ToTrace(string runId, List<JsonElement> entries)
    {
        var steps = new List<Step>();
        string? exitReason = null;
        string? title = null;
        string? objective = null;
        decimal? cost = null;
        var tokens = TokenUsage.Zero;
        DateTimeOffset? ended = null;
        foreach (var entry in entries)
        {
            var kind = String(entry, "kind")!;
            var payload = Object(entry, "payload");
            var step = NewStep(runId, steps.Count + 1, StepKind.Other) with
            {
                Name = kind,
                Timestamp = Time(entry, "timestamp"),
                Model = String(payload, "model"),
                Output = String(payload, "summary") ?? String(payload, "reason")
                         ?? (payload.ValueKind == JsonValueKind.Object ? payload.GetRawText() : null),
            };

            switch (kind)
            {
                case "contract.created":
                    title ??= String(payload, "title");
                    objective ??= String(payload, "objective");
                    break;
                case "verification.completed":
                    step = Verification(step, payload);
                    break;
                case "budget.settled":
                    // One settlement per attempt: patch plus verification cost of that attempt.
                    var usd = Decimal(payload, "actualUsd");
                    var usage = new TokenUsage(Long(payload, "tokensIn") ?? 0, Long(payload, "tokensOut") ?? 0, Long(payload, "cachedInputTokens") ?? 0);
                    cost = usd is null ? cost : (cost ?? 0m) + usd;
                    tokens = tokens.Add(usage);
                    step = step with
                    {
                        Kind = StepKind.ModelCall,
                        Tokens = usage,
                        CostUsd = usd,
                        CostProvenance = usd is null ? CostProvenance.Unknown : CostProvenance.Reported,
                    };
                    break;
                case "attempt.rejected" or "grounding.violations_found" or "safety.violations_found":
                    step = step with { Kind = StepKind.PolicyDecision, IsError = true };
                    break;
                case "attempt.discarded":
                    step = step with { IsError = true };
                    break;
                case "run.exited":
                    exitReason = String(payload, "lifecycleState") ?? exitReason;
                    ended = step.Timestamp;
                    break;
            }

            steps.Add(step);
        }

        var run = new Run
        {
            Id = runId,
            SourceFormat = FormatName,
            AgentName = "martinloop",
            TaskTitle = title,
            TaskObjective = objective,
            StartedAt = steps.Select(s => s.Timestamp).FirstOrDefault(t => t is not null),
            EndedAt = ended,
            Status = exitReason is null ? RunStatus.Running : StatusOf(null, exitReason),
            ExitReason = exitReason,
            Tokens = tokens,
            CostUsd = cost,
            CostProvenance = cost is null ? CostProvenance.Unknown : CostProvenance.Reported,
        };
        return Trace.Create(run, steps);
    }
}

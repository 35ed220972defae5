using System.Globalization;
using System.Text.Json;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters.Common;

namespace Martin360.Ingest.Adapters.Aider;

/// <summary>
/// Reads aider's --analytics-log JSONL ({"event", "properties", "user_id", "time"} per line). A "launched" event
/// starts a session; each session of each user becomes a run. message_send events are model calls with tokens and
/// reported cost; command_* events are the user's commands; exit carries the reason the session ended.
/// </summary>
public sealed class AiderAnalyticsAdapter : ITraceAdapter
{
    public const string FormatName = "aider-analytics";

    // Bookkeeping events that say nothing about the work: they only feed the run header or are dropped.
    private static readonly HashSet<string> s_quiet = new(StringComparer.Ordinal)
    {
        "launched", "message_send_starting", "model warning", "repo", "no-repo", "auto_commits", "cli session", "gui session",
    };

    public string Format => FormatName;

    public bool CanRead(TraceSample sample) =>
        sample.FirstLine is { } first && first.StartsWith('{')
        && first.Contains("\"event\"", StringComparison.Ordinal)
        && first.Contains("\"user_id\"", StringComparison.Ordinal)
        && first.Contains("\"properties\"", StringComparison.Ordinal);

    public AdapterResult Read(string sourceName, string content)
    {
        var issues = new List<ImportIssue>();
        var sessions = new Dictionary<string, List<AnalyticsEvent>>(StringComparer.Ordinal);
        var finished = new List<List<AnalyticsEvent>>();
        var objects = JsonLines.Parse(content, issues, out var rejected);
        foreach (var (line, element) in objects)
        {
            var parsed = Parse(element, line, issues);
            if (parsed is null)
            {
                rejected++;
                continue;
            }

            // Events of several users may interleave; a user's "launched" closes that user's previous session.
            if (parsed.Name == "launched" && sessions.Remove(parsed.UserId, out var previous))
            {
                finished.Add(previous);
            }

            if (!sessions.TryGetValue(parsed.UserId, out var session))
            {
                sessions[parsed.UserId] = session = [];
            }

            session.Add(parsed);
        }

        finished.AddRange(sessions.Values);
        var ids = new RunIdSequence();
        var traces = finished
            .OrderBy(s => s[0].Line)
            .Select(s => ToTrace(s, ids.Next(FormatName, s[0].UserId, s[0].Raw)))
            .ToList();
        return new AdapterResult { Format = Format, Traces = traces, Issues = issues, RejectedRecords = rejected };
    }

    private static AnalyticsEvent? Parse(JsonElement root, int lineNumber, List<ImportIssue> issues)
    {
        if (!root.TryGetProperty("event", out var name) || name.ValueKind != JsonValueKind.String)
        {
            issues.Add(new ImportIssue(ImportIssueLevel.Error, "is required (a string)", lineNumber, "$.event"));
            return null;
        }

        var user = root.TryGetProperty("user_id", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : "";
        DateTimeOffset? time = root.TryGetProperty("time", out var t) && t.TryGetInt64(out var seconds)
            && seconds is > 0 and < 253_402_300_800
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
        var properties = root.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        return new AnalyticsEvent(name.GetString()!, user, time, properties, lineNumber, root.GetRawText());
    }

    private static Trace ToTrace(List<AnalyticsEvent> events, string runId)
    {
        var steps = new List<Step>();
        string? exitReason = null;
        decimal? sessionTotal = null;
        foreach (var e in events)
        {
            if (e.Name == "exit")
            {
                exitReason = String(e.Properties, "reason") ?? exitReason;
            }

            if (s_quiet.Contains(e.Name))
            {
                continue;
            }

            var sequence = steps.Count + 1;
            var step = new Step
            {
                Id = DeterministicId.From(runId, sequence.ToString(CultureInfo.InvariantCulture)),
                Sequence = sequence,
                Kind = StepKind.Other,
                Name = e.Name,
                Timestamp = e.Time,
            };

            if (e.Name == "message_send")
            {
                var cost = Decimal(e.Properties, "cost");
                sessionTotal = Decimal(e.Properties, "total_cost") ?? sessionTotal;
                step = step with
                {
                    Kind = StepKind.ModelCall,
                    Model = String(e.Properties, "main_model"),
                    Tokens = new TokenUsage(Long(e.Properties, "prompt_tokens"), Long(e.Properties, "completion_tokens")),
                    CostUsd = cost,
                    CostProvenance = cost is null ? CostProvenance.Unknown : CostProvenance.Reported,
                };
            }
            else if (e.Name.StartsWith("command_", StringComparison.Ordinal))
            {
                step = step with { Name = "/" + e.Name["command_".Length..] };
            }
            else if (e.Name == "exit")
            {
                step = step with { Output = exitReason };
            }

            steps.Add(step);
        }

        var stepCost = steps.Any(s => s.CostUsd is not null) ? steps.Sum(s => s.CostUsd ?? 0m) : (decimal?)null;

        // total_cost is aider's running session total, which also counts calls it logs no message_send for.
        var runCost = sessionTotal ?? stepCost;
        var run = new Run
        {
            Id = runId,
            SourceFormat = FormatName,
            AgentName = "aider",
            StartedAt = events.Select(e => e.Time).FirstOrDefault(t => t is not null),
            EndedAt = events.Select(e => e.Time).LastOrDefault(t => t is not null),
            Status = StatusOf(events, exitReason),
            ExitReason = exitReason,
            Tokens = steps.Aggregate(TokenUsage.Zero, (sum, s) => sum.Add(s.Tokens)),
            CostUsd = runCost,
            CostProvenance = runCost is null ? CostProvenance.Unknown : CostProvenance.Reported,
        };
        return Trace.Create(run, steps);
    }

    private static RunStatus StatusOf(List<AnalyticsEvent> events, string? reason)
    {
        if (!events.Any(e => e.Name == "exit"))
        {
            return RunStatus.Unknown;
        }

        if (reason is null)
        {
            return RunStatus.Completed;
        }

        if (reason.Contains("Control-C", StringComparison.OrdinalIgnoreCase) || reason.Contains("interrupt", StringComparison.OrdinalIgnoreCase))
        {
            return RunStatus.Aborted;
        }

        // aider's normal ways out; anything else ("Unknown edit format", ...) is a failure to start or go on.
        return reason.StartsWith("Completed", StringComparison.Ordinal) || reason is "/exit" or "Exit flag set" or "GUI session ended" or "Showed repo map"
            ? RunStatus.Completed
            : RunStatus.Failed;
    }

    private static string? String(JsonElement properties, string name) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static long Long(JsonElement properties, string name) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var value) && value.TryGetInt64(out var n) && n >= 0 ? n : 0;

    private static decimal? Decimal(JsonElement properties, string name) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d >= 0
            ? d
            : null;

    private sealed record AnalyticsEvent(string Name, string UserId, DateTimeOffset? Time, JsonElement Properties, int Line, string Raw);
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters.Shared;

namespace Martin360.Ingest.Adapters.OpenHands;

/// <summary>
/// Reads OpenHands traces: an event-stream list (a saved trajectory: one run) and evaluation or resolver
/// output.jsonl (one run per record: instance_id or issue, history, metrics, error, test_result/git_patch,
/// success). A bad JSONL line is reported with its line number and the good records still import.
/// A record's run id is its instance id (or issue) plus a hash of the record's line.
/// </summary>
public sealed partial class OpenHandsAdapter : ITraceAdapter
{
    public const string FormatName = "openhands";

    public string Format => FormatName;

    public bool CanRead(TraceSample sample)
    {
        if (sample.LooksLikeJsonArray)
        {
            return EventType().IsMatch(sample.Head) && EventContext().IsMatch(sample.Head);
        }

        return sample.LooksLikeJsonObject
            && HistoryList().IsMatch(sample.Head)
            && (sample.Head.Contains("\"instance_id\"", StringComparison.Ordinal) || sample.Head.Contains("\"issue\"", StringComparison.Ordinal));
    }

    public AdapterResult Read(string sourceName, string content)
    {
        var start = content.AsSpan().TrimStart();
        if (start.StartsWith("["))
        {
            return ReadEventList(content);
        }

        // A single record saved pretty-printed rather than as one line.
        var firstLine = start.IndexOf('\n') is var n and >= 0 ? start[..n] : start;
        return firstLine.Trim().SequenceEqual("{") ? ReadRecords([(1, content)]) : ReadRecords(Lines(content));
    }

    private AdapterResult ReadEventList(string content)
    {
        using var document = JsonTraceDocument.Parse(content, out var issue);
        if (document is null)
        {
            return AdapterResult.Failed(Format, issue!);
        }

        if (document.RootElement is not { ValueKind: JsonValueKind.Array } events || !events.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Object))
        {
            return AdapterResult.Failed(Format, new ImportIssue(ImportIssueLevel.Error, "not an OpenHands event list: expected a list of event objects", 1, "$"));
        }

        var runId = TraceRunId.Create(null, content);
        var history = OpenHandsEventMapper.Map(events, runId, null);
        var run = ToRun(runId, history, error: null) with { TaskObjective = history.FirstUserMessage };
        return new AdapterResult
        {
            Format = Format,
            Traces = [Trace.Create(run, history.Steps)],
            Issues = Skipped(history, line: null),
            RejectedRecords = history.SkippedEntries,
        };
    }

    private AdapterResult ReadRecords(IEnumerable<(int Line, string Text)> records)
    {
        var traces = new List<Trace>();
        var issues = new List<ImportIssue>();
        var rejected = 0;
        foreach (var (line, text) in records)
        {
            using var document = JsonTraceDocument.Parse(text, out var issue, line - 1);
            if (document is null)
            {
                issues.Add(issue!);
                rejected++;
                continue;
            }

            var root = document.RootElement;
            if (root.Prop("history") is not { ValueKind: JsonValueKind.Array } events)
            {
                issues.Add(new ImportIssue(ImportIssueLevel.Error, "not an OpenHands output record: no \"history\" list", line, "$.history"));
                rejected++;
                continue;
            }

            var (trace, history) = ToTrace(root, events, text);
            traces.Add(trace);
            issues.AddRange(Skipped(history, line));
        }

        return new AdapterResult { Format = Format, Traces = traces, Issues = issues, RejectedRecords = rejected };
    }

    private (Trace Trace, OpenHandsHistory History) ToTrace(JsonElement record, JsonElement events, string text)
    {
        var issue = record.Prop("issue");
        var repository = issue.Prop("owner").Str() is { } owner && issue.Prop("repo").Str() is { } repo
            ? $"{owner}/{repo}"
            : record.Path("instance", "repo").Str();
        var label = record.Prop("instance_id").Str()
            ?? (repository is not null && issue.Prop("number").Long() is { } number ? $"{repository}-{number}" : null);
        var runId = TraceRunId.Create(label, text);
        var runModel = record.Path("metadata", "llm_config", "model").Str();
        var history = OpenHandsEventMapper.Map(events, runId, runModel);
        var metrics = record.Prop("metrics");
        var tokens = ChatUsage.Read(metrics.Prop("accumulated_token_usage"));
        var cost = metrics.Prop("accumulated_cost").Decimal();
        var run = ToRun(runId, history, record.Prop("error").Str()) with
        {
            Repository = repository,
            TaskTitle = record.Prop("instance_id").Str() ?? issue.Prop("title").Str(),
            TaskObjective = record.Prop("instruction").Str() ?? history.FirstUserMessage,
        };

        if (!tokens.IsZero)
        {
            run = run with { Tokens = tokens };
        }

        if (cost > 0)
        {
            run = run with { CostUsd = cost, CostProvenance = CostProvenance.Reported };
        }

        // The resolver reports whether it judged the issue resolved; "success": false is its own verdict of failure.
        if (record.Prop("success").Bool() == false && run.Status == RunStatus.Completed)
        {
            var explanation = record.Prop("result_explanation").Str();
            run = run with { Status = RunStatus.Failed, ExitReason = "unsuccessful" + (string.IsNullOrWhiteSpace(explanation) ? "" : ": " + explanation) };
        }

        return (Trace.Create(run, history.Steps), history);
    }

    private static IReadOnlyList<ImportIssue> Skipped(OpenHandsHistory history, int? line) => history.SkippedEntries == 0
        ? []
        : [new ImportIssue(ImportIssueLevel.Warning, $"skipped {history.SkippedEntries} entries that are not event objects", line, line is null ? "$" : "$.history")];

    /// <summary>
    /// Cost: a positive accumulated_cost is reported; 0 with tokens spent means the model had no price in OpenHands,
    /// so the cost is unknown, never 0. Status: an error ends the run (hitting the iteration or budget limit aborts
    /// it, anything else fails it); a finish action completes it.
    /// </summary>
    private Run ToRun(string runId, OpenHandsHistory history, string? error)
    {
        var tokens = history.AccumulatedTokens.IsZero
            ? history.Steps.Aggregate(TokenUsage.Zero, (sum, s) => sum.Add(s.Tokens))
            : history.AccumulatedTokens;
        var (status, reason) = error switch
        {
            { Length: > 0 } when IsLimit(error) => (RunStatus.Aborted, error),
            { Length: > 0 } => (RunStatus.Failed, error),
            _ when history.LastAgentState == "error" => (RunStatus.Failed, "error"),
            _ when history.Finished => (RunStatus.Completed, "finished"),
            _ when history.LastAgentState == "stopped" => (RunStatus.Aborted, "stopped"),
            _ => (RunStatus.Unknown, history.LastAgentState),
        };

        return new Run
        {
            Id = runId,
            SourceFormat = Format,
            AgentName = "openhands",
            StartedAt = history.StartedAt,
            EndedAt = history.EndedAt,
            Status = status,
            ExitReason = reason,
            Tokens = tokens,
            CostUsd = history.AccumulatedCost,
            CostProvenance = history.AccumulatedCost is null ? CostProvenance.Unknown : CostProvenance.Reported,
        };
    }

    private static bool IsLimit(string error) =>
        error.Contains("maximum iteration", StringComparison.OrdinalIgnoreCase)
        || error.Contains("max_iterations", StringComparison.OrdinalIgnoreCase)
        || error.Contains("budget", StringComparison.OrdinalIgnoreCase);

    private static List<(int Line, string Text)> Lines(string content)
    {
        var lines = new List<(int, string)>();
        var number = 0;
        for (var start = 0; start < content.Length;)
        {
            var end = content.IndexOf('\n', start);
            end = end < 0 ? content.Length : end;
            number++;
            var text = content.AsSpan(start, end - start).TrimEnd('\r');
            if (!text.IsWhiteSpace())
            {
                lines.Add((number, text.ToString()));
            }

            start = end + 1;
        }

        return lines;
    }

    [GeneratedRegex("\"(?:action|observation)\"\\s*:\\s*\"[a-z_]+\"")]
    private static partial Regex EventType();

    [GeneratedRegex("\"(?:source|cause|args|extras|tool_call_metadata)\"\\s*:")]
    private static partial Regex EventContext();

    [GeneratedRegex("\"history\"\\s*:\\s*\\[")]
    private static partial Regex HistoryList();
}

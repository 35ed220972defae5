using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters.Shared;

namespace Martin360.Ingest.Adapters.MiniSweAgent;

/// <summary>
/// Reads mini-swe-agent trajectories: the .traj.json object (messages + info, "trajectory_format":
/// "mini-swe-agent-1") and the older bare list of messages. Each assistant message is one step, paired with the
/// user message after it (its &lt;returncode&gt; and &lt;output&gt;). The text outside the bash block (the THOUGHT)
/// is the step's Input, the bash block its Command. The system prompt and the task are not steps: the task is the
/// run's objective. A reply without exactly one bash block is a format error in mini-swe-agent: an
/// AssistantMessage step marked as an error. Usage and cost come per response from the message's extra.
/// </summary>
public sealed partial class MiniSweAgentAdapter : ITraceAdapter
{
    public const string FormatName = "mini-swe-agent";

    private static readonly string[] s_completionMarkers = ["COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT", "MINI_SWE_AGENT_FINAL_OUTPUT"];

    public string Format => FormatName;

    public bool CanRead(TraceSample sample)
    {
        var head = sample.Head;
        if (sample.LooksLikeJsonObject)
        {
            return head.Contains("\"mini_version\"", StringComparison.Ordinal)
                || MiniFormatMarker().IsMatch(head)
                || (head.Contains("\"messages\"", StringComparison.Ordinal) && head.Contains("minisweagent.", StringComparison.Ordinal));
        }

        return sample.LooksLikeJsonArray
            && MessageListStart().IsMatch(head)
            && (head.Contains("<returncode>", StringComparison.Ordinal)
                || head.Contains("mswea_bash_command", StringComparison.Ordinal)
                || s_completionMarkers.Any(m => head.Contains(m, StringComparison.Ordinal)));
    }

    public AdapterResult Read(string sourceName, string content)
    {
        using var document = JsonTraceDocument.Parse(content, out var issue);
        if (document is null)
        {
            return AdapterResult.Failed(Format, issue!);
        }

        var root = document.RootElement;
        var messages = root.ValueKind == JsonValueKind.Array ? root : root.Prop("messages");
        if (messages is not { ValueKind: JsonValueKind.Array } list)
        {
            return AdapterResult.Failed(Format, new ImportIssue(ImportIssueLevel.Error, "not a mini-swe-agent trajectory: no \"messages\" array", 1, "$.messages"));
        }

        var path = root.ValueKind == JsonValueKind.Array ? "$" : "$.messages";
        return Map(root, list, path, content);
    }

    private AdapterResult Map(JsonElement root, JsonElement list, string path, string content)
    {
        var info = root.Prop("info");
        var instanceId = root.Prop("instance_id").Str();
        var runId = TraceRunId.Create(instanceId, content);
        var runModel = info?.Path("config", "model", "model_name").Str();
        var messages = list.EnumerateArray().ToArray();
        var issues = new List<ImportIssue>();
        var steps = new List<Step>();
        string? task = null;
        var rejected = 0;
        for (var i = 0; i < messages.Length; i++)
        {
            var message = messages[i];
            var role = message.Str("role");
            if (message.ValueKind != JsonValueKind.Object || role is null)
            {
                issues.Add(new ImportIssue(ImportIssueLevel.Warning, "skipped: a message must be an object with a role", Path: $"{path}[{i}]"));
                rejected++;
                continue;
            }

            if (role == "user" && task is null && steps.Count == 0)
            {
                task = message.Prop("content").Text();
                continue;
            }

            if (role != "assistant")
            {
                continue;
            }

            var observation = i + 1 < messages.Length && messages[i + 1].Str("role") is "user" or "tool"
                ? messages[i + 1].Prop("content").Text()
                : null;
            steps.Add(ToStep(message, observation, runId, steps.Count + 1, runModel));
        }

        var stats = info.Prop("model_stats");
        var stepCosts = steps.Where(s => s.CostUsd is not null).Select(s => s.CostUsd!.Value).ToArray();
        var cost = stats.Prop("instance_cost").Decimal() ?? (stepCosts.Length > 0 ? stepCosts.Sum() : null);
        var exitStatus = info.Prop("exit_status").Str();
        var timestamps = steps.Where(s => s.Timestamp is not null).Select(s => s.Timestamp!.Value).ToArray();
        var run = new Run
        {
            Id = runId,
            SourceFormat = Format,
            AgentName = "mini-swe-agent",
            AgentVersion = info.Prop("mini_version").Str(),
            TaskTitle = instanceId,
            TaskObjective = task,
            StartedAt = timestamps.Length > 0 ? timestamps.Min() : null,
            EndedAt = timestamps.Length > 0 ? timestamps.Max() : null,
            Status = StatusOf(exitStatus),
            ExitReason = exitStatus,
            Tokens = steps.Aggregate(TokenUsage.Zero, (sum, s) => sum.Add(s.Tokens)),
            CostUsd = cost,
            CostProvenance = cost is null ? CostProvenance.Unknown : CostProvenance.Reported,
        };

        return new AdapterResult { Format = Format, Traces = [Trace.Create(run, steps)], Issues = issues, RejectedRecords = rejected };
    }

    private static Step ToStep(JsonElement message, string? observation, string runId, int sequence, string? runModel)
    {
        var text = message.Prop("content").Text() ?? "";
        var blocks = BashBlock().Matches(text);
        var extra = message.Prop("extra");
        var response = extra.Prop("response");
        var usage = response.Prop("usage") ?? extra.Prop("usage");
        var cost = usage.Prop("cost").Decimal() ?? extra.Prop("cost").Decimal();
        var step = new Step
        {
            Id = $"{runId}:{sequence}",
            Sequence = sequence,
            Kind = StepKind.AssistantMessage,
            Role = "assistant",
            Model = response.Prop("model").Str() ?? runModel,
            Timestamp = response.Prop("created").Timestamp() ?? extra.Prop("timestamp").Timestamp(),
            Tokens = ChatUsage.Read(usage),
            CostUsd = cost,
            CostProvenance = cost is null ? CostProvenance.Unknown : CostProvenance.Reported,
        };

        if (blocks.Count != 1)
        {
            return step with { Input = text, Output = observation, IsError = true };
        }

        var command = blocks[0].Groups["command"].Value;
        var thought = (text[..blocks[0].Index] + text[(blocks[0].Index + blocks[0].Length)..]).Trim();
        var (exitCode, output, timedOut) = ParseObservation(observation);
        if (s_completionMarkers.Any(m => command.Contains(m, StringComparison.Ordinal)))
        {
            return step with
            {
                Kind = StepKind.CompletionClaim,
                Name = "bash",
                Command = command,
                ExitCode = exitCode,
                Input = thought,
                Output = output,
            };
        }

        var shell = ShellCommandClassifier.Classify(command);
        return step with
        {
            Kind = shell.Kind,
            Name = "bash",
            Command = command,
            ExitCode = exitCode,
            IsError = timedOut || exitCode is not (null or 0),
            Files = shell.Files,
            Input = thought,
            Output = output,
        };
    }

    /// <summary>"&lt;returncode&gt;N&lt;/returncode&gt;&lt;output&gt;...&lt;/output&gt;"; the final submission has neither.</summary>
    private static (int? ExitCode, string? Output, bool TimedOut) ParseObservation(string? observation)
    {
        if (observation is null)
        {
            return (null, null, false);
        }

        var code = ReturnCode().Match(observation);
        int? exitCode = code.Success && int.TryParse(code.Groups["code"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
        var output = OutputTag().Match(observation);
        var text = output.Success ? output.Groups["output"].Value : code.Success ? observation.Remove(code.Index, code.Length).Trim('\n') : observation;
        var timedOut = !code.Success && observation.Contains("timed out", StringComparison.OrdinalIgnoreCase) && observation.Contains("<command>", StringComparison.Ordinal);
        return (exitCode, text, timedOut);
    }

    /// <summary>Submitted is a finished run; LimitsExceeded stopped it; anything else (an exception's name) failed it.</summary>
    private static RunStatus StatusOf(string? exitStatus) => exitStatus switch
    {
        null or "" => RunStatus.Unknown,
        "Submitted" => RunStatus.Completed,
        "LimitsExceeded" => RunStatus.Aborted,
        _ => RunStatus.Failed,
    };

    [GeneratedRegex("```(?:bash|sh|mswea_bash_command)[ \\t]*\\r?\\n(?<command>.*?)\\r?\\n[ \\t]*```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex("<returncode>\\s*(?<code>-?\\d+)\\s*</returncode>")]
    private static partial Regex ReturnCode();

    [GeneratedRegex("<output>\\r?\\n?(?<output>.*?)\\r?\\n?</output>", RegexOptions.Singleline)]
    private static partial Regex OutputTag();

    [GeneratedRegex("\"trajectory_format\"\\s*:\\s*\"mini-swe-agent")]
    private static partial Regex MiniFormatMarker();

    [GeneratedRegex("^\\[\\s*\\{\\s*\"(?:role|content)\"\\s*:")]
    private static partial Regex MessageListStart();
}

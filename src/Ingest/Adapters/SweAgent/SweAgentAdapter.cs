using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters.Shared;

namespace Martin360.Ingest.Adapters.SweAgent;

/// <summary>
/// Reads SWE-agent .traj files, v0.x (state as a JSON string, observed before the action) and v1.x
/// (state as an object observed after it, replay_config as a JSON string, execution_time).
/// Each trajectory element becomes one step, in file order (sequence = position, from 1). The element's thought
/// stays on the step as its Input (no separate Thought step), its action is the Command (it is what was typed into
/// SWE-agent's shell, special commands included), its observation the Output. Tokens and cost exist only for the
/// whole run (info.model_stats); per-step tokens are unknown. The submitted patch is the submit step's Output.
/// </summary>
public sealed partial class SweAgentAdapter : ITraceAdapter
{
    public const string FormatName = "swe-agent";

    public string Format => FormatName;

    public bool CanRead(TraceSample sample) =>
        sample.LooksLikeJsonObject
        && TrajectoryKey().IsMatch(sample.Head)
        && (sample.Head.Contains("\"observation\"", StringComparison.Ordinal) || sample.Head.Contains("\"exit_status\"", StringComparison.Ordinal));

    public AdapterResult Read(string sourceName, string content)
    {
        using var document = JsonTraceDocument.Parse(content, out var issue);
        if (document is null)
        {
            return AdapterResult.Failed(Format, issue!);
        }

        var root = document.RootElement;
        if (root.Prop("trajectory") is not { ValueKind: JsonValueKind.Array } trajectory)
        {
            return AdapterResult.Failed(Format, new ImportIssue(ImportIssueLevel.Error, "not a SWE-agent trajectory: no \"trajectory\" array", 1, "$.trajectory"));
        }

        return Map(root, trajectory, content);
    }

    private AdapterResult Map(JsonElement root, JsonElement trajectory, string content)
    {
        var issues = new List<ImportIssue>();
        var config = ReadConfig(root, issues);
        var info = root.Prop("info");
        var problem = config?.Prop("problem_statement");
        var taskId = problem.Prop("id").Str() ?? problem.Prop("instance_id").Str();
        var runId = TraceRunId.Create(taskId, content);
        var model = config?.Path("agent", "model", "name").Str() ?? config?.Path("agent", "model", "model_name").Str();

        var steps = new List<Step>();
        var rejected = 0;
        var index = 0;
        string? openFile = null;
        foreach (var element in trajectory.EnumerateArray())
        {
            index++;
            if (element.ValueKind != JsonValueKind.Object)
            {
                issues.Add(new ImportIssue(ImportIssueLevel.Warning, "skipped: a trajectory step must be an object", Path: $"$.trajectory[{index - 1}]"));
                rejected++;
                continue;
            }

            var step = ToStep(element, runId, index, model, ref openFile);
            if (step.Kind == StepKind.CompletionClaim && string.IsNullOrEmpty(step.Output) && info.Prop("submission").Str() is { Length: > 0 } patch)
            {
                step = step with { Output = patch };
            }

            steps.Add(step);
        }

        var stats = info.Prop("model_stats");
        var cost = stats.Prop("instance_cost").Decimal() ?? stats.Prop("total_cost").Decimal();
        var exitStatus = info.Prop("exit_status").Str();
        var run = new Run
        {
            Id = runId,
            SourceFormat = Format,
            AgentName = "swe-agent",
            AgentVersion = info.Prop("swe_agent_version").Str(),
            Repository = config?.Path("env", "repo", "github_url").Str(),
            TaskTitle = taskId,
            TaskObjective = problem.Prop("text").Str() ?? FirstUserMessage(root),
            Status = StatusOf(exitStatus),
            ExitReason = exitStatus,
            Tokens = new TokenUsage(stats.Prop("tokens_sent").Long() ?? 0, stats.Prop("tokens_received").Long() ?? 0),
            CostUsd = cost,
            CostProvenance = cost is null ? CostProvenance.Unknown : CostProvenance.Reported,
        };

        return new AdapterResult { Format = Format, Traces = [Trace.Create(run, steps)], Issues = issues, RejectedRecords = rejected };
    }

    private static Step ToStep(JsonElement element, string runId, int sequence, string? model, ref string? openFile)
    {
        var action = element.Str("action") ?? "";
        var observation = element.Str("observation");
        var stateFile = OpenFileOf(element.Prop("state"));

        // v0.x records the state before the action, v1.x after it; an edit leaves the open file unchanged, so the
        // step's own state names the edited file in both. Fall back to the last file opened or created.
        var mapped = SweAgentAction.Of(action, stateFile ?? openFile);
        if (mapped.Kind is StepKind.FileRead or StepKind.FileCreate && mapped.Files.Count == 1)
        {
            openFile = mapped.Files[0].Path;
        }
        else if (stateFile is not null)
        {
            openFile = stateFile;
        }

        var seconds = element.Prop("execution_time").Double();
        return new Step
        {
            Id = $"{runId}:{sequence}",
            Sequence = sequence,
            Kind = mapped.Kind,
            Role = "assistant",
            Name = mapped.Name,
            Model = model,
            Command = action.TrimEnd(),
            IsError = EditFeedback.IsRejected(observation),
            Files = mapped.Files,
            Duration = seconds is >= 0 and < 1e7 ? TimeSpan.FromSeconds(seconds.Value) : null,
            Input = element.Str("thought") ?? element.Str("response"),
            Output = observation,
        };
    }

    private static string? OpenFileOf(JsonElement? state)
    {
        var value = state;
        if (state is { ValueKind: JsonValueKind.String } text)
        {
            try
            {
                using var parsed = JsonDocument.Parse(text.GetString()!);
                return parsed.RootElement.Str("open_file") is { } file && file != "n/a" ? file : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return value.Prop("open_file").Str() is { } path && path != "n/a" ? path : null;
    }

    /// <summary>v1.x keeps its run configuration as a JSON string in replay_config; older files may carry an object.</summary>
    private static JsonElement? ReadConfig(JsonElement root, List<ImportIssue> issues)
    {
        var config = root.Prop("replay_config") ?? root.Prop("config");
        if (config is { ValueKind: JsonValueKind.String } text)
        {
            try
            {
                using var parsed = JsonDocument.Parse(text.GetString()!);
                return parsed.RootElement.Clone();
            }
            catch (JsonException)
            {
                issues.Add(new ImportIssue(ImportIssueLevel.Warning, "replay_config is not valid JSON; model and task not read from it", Path: "$.replay_config"));
                return null;
            }
        }

        return config is { ValueKind: JsonValueKind.Object } ? config : null;
    }

    private static string? FirstUserMessage(JsonElement root) =>
        root.Prop("history").Items()
            .FirstOrDefault(m => m.Str("role") == "user" && m.Prop("is_demo").Bool() != true)
            .Prop("content").Text();

    /// <summary>submitted is a finished run; limits hit (cost, context, forfeits, autosubmission) abort it; format and runtime errors fail it.</summary>
    private static RunStatus StatusOf(string? exitStatus)
    {
        if (string.IsNullOrWhiteSpace(exitStatus))
        {
            return RunStatus.Unknown;
        }

        var status = exitStatus.Trim().ToLower(CultureInfo.InvariantCulture);
        if (status == "submitted")
        {
            return RunStatus.Completed;
        }

        return status.Contains("error", StringComparison.Ordinal) || status.Contains("format", StringComparison.Ordinal)
            ? RunStatus.Failed
            : RunStatus.Aborted;
    }

    [GeneratedRegex("\"trajectory\"\\s*:\\s*\\[")]
    private static partial Regex TrajectoryKey();
}

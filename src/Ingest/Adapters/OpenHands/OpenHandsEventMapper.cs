using System.Globalization;
using System.Text.Json;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters.Shared;

namespace Martin360.Ingest.Adapters.OpenHands;

/// <summary>
/// Turns an OpenHands event list into steps. An observation joins its action (by cause, or, in the older flat
/// format without ids, by following it directly) into one step: the action's thought is the Input, the
/// observation's content the Output, its exit code the step's. Bookkeeping events (system prompt, recall,
/// agent state changes, empty observations) are not steps; an error observation that answers no action is an
/// Error step. Tokens come from each model response once (several tool calls can share one response).
/// </summary>
internal static class OpenHandsEventMapper
{
    private static readonly HashSet<string> s_bookkeeping = new(StringComparer.Ordinal)
    {
        "system", "recall", "change_agent_state", "null",
    };

    private static readonly HashSet<string> s_agentSkills = new(StringComparer.Ordinal)
    {
        "edit_file_by_replace", "append_file", "insert_content_at_line", "edit_file", "replace_lines",
    };

    public static OpenHandsHistory Map(JsonElement events, string runId, string? runModel)
    {
        var list = events.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToArray();
        var observationOf = PairObservations(list);
        var paired = observationOf.Values.ToHashSet();
        var steps = new List<Step>();
        var responses = new HashSet<string>(StringComparer.Ordinal);
        string? firstUser = null;
        string? agentState = null;
        string? model = null;
        var finished = false;
        decimal previousCost = 0;
        JsonElement? lastMetrics = null;
        for (var i = 0; i < list.Length; i++)
        {
            var e = list[i];
            var action = e.Str("action");
            if (action is null)
            {
                if (!paired.Contains(i) && Standalone(e, runId, i, steps.Count + 1, ref agentState) is { } standalone)
                {
                    steps.Add(standalone);
                }

                continue;
            }

            if (s_bookkeeping.Contains(action))
            {
                continue;
            }

            var observation = observationOf.TryGetValue(i, out var o) ? list[o] : (JsonElement?)null;
            var step = ToStep(e, observation, runId, i, steps.Count + 1, steps.Any(s => s.Kind != StepKind.UserMessage));
            var metadata = e.Prop("tool_call_metadata");
            var response = metadata.Prop("model_response");
            var responseId = response.Prop("id").Str();
            if (response is not null && (responseId is null || responses.Add(responseId)))
            {
                step = step with { Tokens = ChatUsage.Read(response.Prop("usage")) };
            }

            var stepModel = response.Prop("model").Str() ?? runModel;
            model ??= response.Prop("model").Str();
            if (e.Prop("llm_metrics") is { } metrics)
            {
                lastMetrics = metrics;
                if (metrics.Prop("accumulated_cost").Decimal() is { } accumulated && accumulated > previousCost)
                {
                    step = step with { CostUsd = accumulated - previousCost, CostProvenance = CostProvenance.Reported };
                    previousCost = accumulated;
                }
            }

            step = step with { Model = step.Kind == StepKind.UserMessage ? null : stepModel };
            finished |= step.Kind == StepKind.CompletionClaim;
            if (step.Kind == StepKind.UserMessage)
            {
                firstUser ??= step.Input;
            }

            steps.Add(step);
        }

        var times = list.Select(e => e.Prop("timestamp").Timestamp()).Where(t => t is not null).Select(t => t!.Value).ToArray();
        var accumulatedCost = lastMetrics.Prop("accumulated_cost").Decimal();
        return new OpenHandsHistory
        {
            Steps = steps,
            SkippedEntries = events.GetArrayLength() - list.Length,
            FirstUserMessage = firstUser,
            Finished = finished,
            LastAgentState = agentState,
            Model = model,
            AccumulatedTokens = ChatUsage.Read(lastMetrics.Prop("accumulated_token_usage")),
            AccumulatedCost = accumulatedCost > 0 ? accumulatedCost : null,
            StartedAt = times.Length > 0 ? times.Min() : null,
            EndedAt = times.Length > 0 ? times.Max() : null,
        };
    }

    /// <summary>Maps each action's index to its observation's index.</summary>
    private static Dictionary<int, int> PairObservations(JsonElement[] list)
    {
        var byId = new Dictionary<long, int>();
        var observationOf = new Dictionary<int, int>();
        int? lastAction = null;
        for (var i = 0; i < list.Length; i++)
        {
            var e = list[i];
            if (e.Str("action") is not null)
            {
                if (e.Prop("id").Long() is { } id)
                {
                    byId[id] = i;
                }

                lastAction = i;
                continue;
            }

            if (e.Str("observation") is null)
            {
                continue;
            }

            if (e.Prop("cause").Long() is { } cause)
            {
                if (byId.TryGetValue(cause, out var target) && !observationOf.ContainsKey(target))
                {
                    observationOf[target] = i;
                }
            }
            else if (!e.TryGetProperty("id", out _) && lastAction is { } previous && !observationOf.ContainsKey(previous))
            {
                // The older flat format has no ids: an observation answers the action right before it.
                observationOf[previous] = i;
            }
        }

        return observationOf;
    }

    private static Step ToStep(JsonElement e, JsonElement? observation, string runId, int index, int sequence, bool agentHasActed)
    {
        var type = e.Str("action")!;
        var thought = NonEmpty(Arg(e, "thought"));
        var output = observation?.Str("content");
        var step = new Step
        {
            Id = StepId(runId, e, index),
            Sequence = sequence,
            Kind = StepKind.Other,
            Agent = e.Str("source"),
            Name = e.Path("tool_call_metadata", "function_name").Str() ?? type,
            Timestamp = e.Prop("timestamp").Timestamp(),
            Input = thought,
            Output = output,
            IsError = observation?.Str("observation") == "error" || EditFeedback.IsRejected(output),
        };

        if (step.Timestamp is { } start && observation?.Prop("timestamp").Timestamp() is { } end && end >= start)
        {
            step = step with { Duration = end - start };
        }

        switch (type)
        {
            case "message":
                var user = e.Str("source") is { } source ? source == "user" : !agentHasActed;
                return step with
                {
                    Kind = user ? StepKind.UserMessage : StepKind.AssistantMessage,
                    Role = user ? "user" : "assistant",
                    Input = NonEmpty(Arg(e, "content")) ?? e.Str("message"),
                };
            case "run":
                var command = Arg(e, "command");
                var shell = ShellCommandClassifier.Classify(command);
                var exitCode = ExitCode(observation);
                return step with
                {
                    Kind = shell.Kind,
                    Command = command,
                    ExitCode = exitCode,
                    IsError = step.IsError || exitCode is not (null or 0),
                    Files = shell.Files,
                };
            case "run_ipython":
                var code = Arg(e, "code");
                var (kind, files) = IPython(code);
                return step with { Kind = kind, Command = code, Files = files };
            case "read":
                var path = Arg(e, "path");
                return output?.StartsWith("Here's the files and directories", StringComparison.Ordinal) == true || path is null
                    ? step with { Kind = StepKind.Search }
                    : step with { Kind = StepKind.FileRead, Files = [new FileTouch(path, FileAction.Read)] };
            case "edit" or "write":
                return Edit(step, e, type);
            case "think":
                return step with { Kind = StepKind.Thought };
            case "finish":
                return step with
                {
                    Kind = StepKind.CompletionClaim,
                    Input = NonEmpty(Arg(e, "final_thought")) ?? thought ?? NonEmpty(e.Str("message")),
                };
            case "browse" or "browse_interactive":
                return step with { Kind = StepKind.ToolCall, Input = thought ?? Arg(e, "url") ?? Arg(e, "browser_actions") };
            default:
                return step with { Kind = e.Prop("tool_call_metadata") is null ? StepKind.Other : StepKind.ToolCall };
        }
    }

    private static Step Edit(Step step, JsonElement e, string type)
    {
        var path = Arg(e, "path");
        var command = Arg(e, "command");
        if (command == "view")
        {
            return step with { Kind = StepKind.FileRead, Files = path is null ? [] : [new FileTouch(path, FileAction.Read)] };
        }

        // Older events name the editor command only inside the translated IPython call.
        var create = command == "create"
            || (command is null && Arg(e, "translated_ipython_code")?.Contains("'command': 'create'", StringComparison.Ordinal) == true);
        var action = create ? FileAction.Create : FileAction.Edit;
        return step with
        {
            Kind = create ? StepKind.FileCreate : StepKind.FileEdit,
            Name = step.Name == type && command is not null ? $"{type}:{command}" : step.Name,
            Files = path is null ? [] : [new FileTouch(path, action)],
        };
    }

    /// <summary>IPython cells: OpenHands' agent skills (open_file, edit_file_by_replace, ...) or plain Python writing a file.</summary>
    private static (StepKind Kind, IReadOnlyList<FileTouch> Files) IPython(string? code)
    {
        var trimmed = code?.TrimStart() ?? "";
        var open = trimmed.IndexOf('(');
        var skill = open > 0 ? trimmed[..open].Trim() : "";
        var path = FirstStringArgument(trimmed, open);
        if (skill == "open_file" || skill == "goto_line" || skill == "scroll_down" || skill == "scroll_up")
        {
            return (StepKind.FileRead, path is null ? [] : [new FileTouch(path, FileAction.Read)]);
        }

        if (skill == "create_file")
        {
            return (StepKind.FileCreate, path is null ? [] : [new FileTouch(path, FileAction.Create)]);
        }

        if (s_agentSkills.Contains(skill))
        {
            return (StepKind.FileEdit, path is null ? [] : [new FileTouch(path, FileAction.Edit)]);
        }

        if (skill is "search_dir" or "search_file" or "find_file")
        {
            return (StepKind.Search, []);
        }

        var writes = ShellCommandClassifier.PythonWrites(code);
        return writes.Count > 0
            ? (StepKind.FileEdit, writes.Select(w => new FileTouch(w, FileAction.Edit)).ToArray())
            : (StepKind.ToolCall, []);
    }

    private static string? FirstStringArgument(string code, int open)
    {
        if (open < 0)
        {
            return null;
        }

        var i = open + 1;
        while (i < code.Length && char.IsWhiteSpace(code[i]))
        {
            i++;
        }

        if (i >= code.Length || code[i] is not ('\'' or '"'))
        {
            return null;
        }

        var close = code.IndexOf(code[i], i + 1);
        return close > i + 1 ? code[(i + 1)..close] : null;
    }

    private static Step? Standalone(JsonElement e, string runId, int index, int sequence, ref string? agentState)
    {
        var type = e.Str("observation");
        switch (type)
        {
            case null or "null" or "recall" or "agent_condensation":
                return null;
            case "agent_state_changed":
                agentState = e.Path("extras", "agent_state").Str() ?? e.Str("agent_state") ?? agentState;
                return null;
        }

        return new Step
        {
            Id = StepId(runId, e, index),
            Sequence = sequence,
            Kind = type == "error" ? StepKind.Error : StepKind.Other,
            Agent = e.Str("source"),
            Name = type,
            Timestamp = e.Prop("timestamp").Timestamp(),
            IsError = type == "error",
            Output = e.Str("content") ?? e.Str("message"),
        };
    }

    /// <summary>The exit code an observation reports; -1 means the command did not finish (still running or timed out), so it is no exit code.</summary>
    private static int? ExitCode(JsonElement? observation)
    {
        var code = observation?.Path("extras", "metadata", "exit_code").Int()
            ?? observation?.Path("extras", "exit_code").Int()
            ?? observation?.Prop("exit_code").Int();
        return code == -1 ? null : code;
    }

    /// <summary>The event's own id when it has one (stable across exports), else its position.</summary>
    private static string StepId(string runId, JsonElement e, int index) =>
        e.Prop("id").Long() is { } id
            ? $"{runId}:{id.ToString(CultureInfo.InvariantCulture)}"
            : $"{runId}:i{index.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A field of an action: under args in the event format, at the top level in the older flat one.</summary>
    private static string? Arg(JsonElement e, string name) => e.Path("args", name).Str() ?? e.Str(name);

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters.Common;

namespace Martin360.Ingest.Adapters.Codex;

/// <summary>
/// Maps one Codex CLI rollout to one run. Codex writes most things twice (a response_item for the model's
/// history and an event_msg for the UI): user prompts come from event_msg user_message (the response_item
/// copies also carry injected AGENTS.md and environment context), assistant text from response_item messages.
/// Tokens come from token_count events: last_token_usage is the delta of one model call; an event that
/// repeats the previous cumulative total is the same call reported again and is skipped.
/// </summary>
internal sealed partial class CodexRolloutReader
{
    private static readonly HashSet<string> s_shellTools = new(StringComparer.Ordinal)
    {
        "shell", "container.exec", "exec_command", "local_shell", "shell_command", "unified_exec",
    };

    // Events that repeat a response_item or only drive the UI; nothing in them is new to the trace.
    private static readonly HashSet<string> s_silentEvents = new(StringComparer.Ordinal)
    {
        "agent_reasoning", "agent_reasoning_raw_content", "agent_reasoning_section_break", "task_started",
        "turn_diff", "exec_command_begin", "exec_command_output_delta", "patch_apply_begin", "mcp_tool_call_begin",
        "mcp_tool_call_end", "web_search_begin", "web_search_end", "entered_review_mode", "exited_review_mode",
        "context_compacted", "background_event", "plan_update", "view_image_tool_call", "get_history_entry_response",
        "shutdown_complete", "session_configured", "conversation_path", "undo_started", "undo_completed",
        "deprecation_notice", "warning", "item_started", "item_completed", "raw_response_item", "list_custom_prompts_response",
        "mcp_list_tools_response", "stream_info",
    };

    private static readonly HashSet<string> s_silentItems = new(StringComparer.Ordinal)
    {
        "ghost_snapshot", "compaction", "compaction_summary",
    };

    private readonly string _content;
    private readonly List<ImportIssue> _issues = [];
    private readonly StepList _steps = new();
    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
    private bool _userFromEvents;
    private bool _assistantFromItems;
    private JsonElement? _meta;
    private string? _model;
    private string? _cwd;
    private string? _policy;
    private string? _previousTotal;
    private string? _firstUserText;
    private string? _exitReason;
    private RunStatus _status;

    public CodexRolloutReader(string content)
    {
        _content = content;
    }

    public AdapterResult Read()
    {
        var lines = JsonLines.Parse(_content, _issues, out var rejected);
        if (lines.Count == 0)
        {
            return _steps.Result(CodexAdapter.FormatName, null, _issues, rejected);
        }

        _userFromEvents = lines.Any(l => l.Root.Str("type") == "event_msg" && l.Root.Object("payload")?.Str("type") == "user_message");
        _assistantFromItems = lines.Any(l => l.Root.Str("type") == "response_item"
            && l.Root.Object("payload") is { } p && p.Str("type") == "message" && p.Str("role") == "assistant");

        foreach (var line in lines)
        {
            var payload = line.Root.Object("payload");
            var at = line.Root.Time("timestamp");
            switch (line.Root.Str("type"))
            {
                case "session_meta" when payload is { } meta:
                    _meta ??= meta;
                    _cwd ??= meta.Str("cwd");
                    break;
                case "turn_context" when payload is { } turn:
                    TurnContext(line, turn, at);
                    break;
                case "response_item" when payload is { } item:
                    ResponseItem(line, item, at);
                    break;
                case "event_msg" when payload is { } message:
                    Event(line, message, at);
                    break;
                case "compacted":
                    break;
                case var type:
                    _issues.Add(new ImportIssue(ImportIssueLevel.Warning, $"unknown record type '{SourceIds.Describe(type)}' skipped", line.Number));
                    break;
            }
        }

        _steps.MarkCompletionClaims(_ => true);
        return _steps.Result(CodexAdapter.FormatName, BuildRun(lines), _issues, rejected);
    }

    private void TurnContext(JsonLine line, JsonElement turn, DateTimeOffset? at)
    {
        _cwd ??= turn.Str("cwd");
        if (turn.Str("model") is { } model)
        {
            if (_model is not null && model != _model)
            {
                _steps.AddText($"line{line.Number}:model", StepKind.ModelSwitch, at, input: $"{_model} -> {model}", name: "turn_context", model: model);
            }

            _model = model;
        }

        // The approval and sandbox policy decide what the agent could do unasked; record each change once.
        var sandbox = turn.Child("sandbox_policy") switch
        {
            { ValueKind: JsonValueKind.String } text => text.GetString(),
            { ValueKind: JsonValueKind.Object } described => described.Str("type") ?? described.Str("mode"),
            _ => null,
        };
        var approval = turn.Str("approval_policy");
        if (approval is null && sandbox is null)
        {
            return;
        }

        var policy = $"approval_policy={approval ?? "?"}; sandbox_policy={sandbox ?? "?"}";
        if (policy != _policy)
        {
            _policy = policy;
            _steps.AddText($"line{line.Number}:policy", StepKind.Other, at, input: policy, name: "turn_context", model: _model);
        }
    }

    private void ResponseItem(JsonLine line, JsonElement item, DateTimeOffset? at)
    {
        var id = $"line{line.Number}";
        switch (item.Str("type"))
        {
            case "message":
                Message(item, id, at);
                break;
            case "reasoning":
                var summary = item.Array("summary") is { } parts
                    ? string.Join("\n", parts.EnumerateArray().Select(p => p.Str("text")).Where(t => !string.IsNullOrEmpty(t)))
                    : null;
                _steps.AddText(id, StepKind.Thought, at, output: string.IsNullOrEmpty(summary) ? null : summary, name: "reasoning", model: _model);
                break;
            case "function_call":
                FunctionCall(item, id, at);
                break;
            case "custom_tool_call":
                CustomToolCall(item, id, at);
                break;
            case "local_shell_call":
                var argv = item.Object("action")?.Array("command");
                AddCall(item.Str("call_id"), id, at, StepKind.ShellCommand, "local_shell", CommandText(argv), [], item.Object("action")?.Raw());
                break;
            case "web_search_call":
                AddCall(item.Str("call_id") ?? item.Str("id"), id, at, StepKind.Search, "web_search", null, [], item.Object("action")?.Raw());
                break;
            case "function_call_output" or "custom_tool_call_output" or "local_shell_call_output":
                CallOutput(line, item);
                break;
            case { } known when s_silentItems.Contains(known):
                break;
            case var type:
                _issues.Add(new ImportIssue(ImportIssueLevel.Warning, $"unknown response_item type '{SourceIds.Describe(type)}' skipped", line.Number));
                break;
        }
    }

    private void Message(JsonElement item, string id, DateTimeOffset? at)
    {
        var text = item.Array("content") is { } content
            ? string.Join("\n", content.EnumerateArray().Select(c => c.Str("text")).Where(t => t is not null))
            : null;
        switch (item.Str("role"))
        {
            case "assistant":
                _steps.AddText(id, StepKind.AssistantMessage, at, output: text, model: _model);
                break;
            case "user" when !_userFromEvents && !IsInjectedContext(text):
                User(id, at, text);
                break;
        }
    }

    private void User(string id, DateTimeOffset? at, string? text)
    {
        _firstUserText ??= text;
        _steps.StartTurn();
        _steps.AddText(id, StepKind.UserMessage, at, input: text);
    }

    private void FunctionCall(JsonElement item, string id, DateTimeOffset? at)
    {
        var name = item.Str("name");
        var arguments = item.Str("arguments");
        JsonElement? args = null;
        try
        {
            if (arguments is not null)
            {
                using var document = JsonDocument.Parse(arguments);
                args = document.RootElement.Clone();
            }
        }
        catch (JsonException)
        {
            // Arguments are the model's own text; a malformed one is still a call, kept verbatim as input.
        }

        if (name is not null && s_shellTools.Contains(name))
        {
            var command = args?.Child("command") is { ValueKind: JsonValueKind.Array } argv ? CommandText(argv)
                : args?.Str("command") ?? args?.Str("cmd");
            var patch = PatchIn(command);
            if (patch is not null)
            {
                var files = ApplyPatch.Files(patch);
                AddCall(item.Str("call_id"), id, at, ApplyPatch.KindOf(files), name, command, files, arguments);
                return;
            }

            AddCall(item.Str("call_id"), id, at, StepKind.ShellCommand, name, command, [], arguments);
            return;
        }

        var (kind, touched) = name switch
        {
            "apply_patch" => PatchStep(args?.Str("input") ?? arguments),
            "update_plan" => (StepKind.Thought, (IReadOnlyList<FileTouch>)[]),
            "read_file" or "view_image" => (StepKind.FileRead, PathOf(args, FileAction.Read)),
            "list_dir" or "grep_files" or "glob" or "search" or "web_search" => (StepKind.Search, []),
            _ => (StepKind.ToolCall, []),
        };
        AddCall(item.Str("call_id"), id, at, kind, name, null, touched, arguments);
    }

    private void CustomToolCall(JsonElement item, string id, DateTimeOffset? at)
    {
        var name = item.Str("name");
        var input = item.Str("input");
        var (kind, files) = name == "apply_patch" ? PatchStep(input) : (StepKind.ToolCall, []);
        AddCall(item.Str("call_id"), id, at, kind, name, null, files, input);
    }

    private static (StepKind, IReadOnlyList<FileTouch>) PatchStep(string? patch)
    {
        var files = ApplyPatch.Files(patch);
        return (ApplyPatch.KindOf(files), files);
    }

    private void AddCall(string? callId, string id, DateTimeOffset? at, StepKind kind, string? name, string? command, IReadOnlyList<FileTouch> files, string? input)
    {
        var index = _steps.Add(callId ?? id, kind, at, _model);
        _steps[index] = _steps[index] with
        {
            Name = name,
            Command = command,
            Files = files,
            Input = input,
        };
        if (callId is not null)
        {
            _calls[callId] = index;
        }
    }

    /// <summary>
    /// A call's output: plain text, content parts, or JSON {"output": ..., "metadata": {"exit_code": n}}.
    /// Exit codes also appear as "Exit code: n" / "Process exited with code n" lines in newer outputs.
    /// </summary>
    private void CallOutput(JsonLine line, JsonElement item)
    {
        var callId = item.Str("call_id");
        if (callId is null || !_calls.TryGetValue(callId, out var index))
        {
            _issues.Add(new ImportIssue(ImportIssueLevel.Warning, $"output for an unknown call '{SourceIds.Describe(callId)}' skipped", line.Number));
            return;
        }

        var raw = item.Child("output");
        string? text = raw switch
        {
            { ValueKind: JsonValueKind.String } s => s.GetString(),
            { ValueKind: JsonValueKind.Array } parts => string.Join("\n", parts.EnumerateArray().Select(p => p.Str("text")).Where(t => t is not null)),
            { ValueKind: JsonValueKind.Object } o => o.Str("content") ?? o.Raw(),
            _ => null,
        };

        int? exitCode = null;
        bool? success = raw?.ValueKind == JsonValueKind.Object ? raw.Value.Bool("success") : null;
        if (text is not null && text.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && (root.Child("output") is not null || root.Object("metadata") is not null))
                {
                    exitCode = (int?)root.Object("metadata")?.Long("exit_code");
                    text = root.Str("output") ?? text;
                }
            }
            catch (JsonException)
            {
                // Not the JSON envelope: the output is the tool's own text.
            }
        }

        if (exitCode is null && text is not null && ExitCodeLine().Match(text) is { Success: true } match)
        {
            exitCode = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        var step = _steps[index];
        var isError = exitCode is { } code ? code != 0 : success == false;
        _steps[index] = step with
        {
            Output = text,
            ExitCode = exitCode ?? step.ExitCode,
            IsError = isError,
            Files = isError ? [] : step.Files,
            Duration = SourceIds.Between(step.Timestamp, line.Root.Time("timestamp")),
        };
    }

    private void Event(JsonLine line, JsonElement message, DateTimeOffset? at)
    {
        var id = $"line{line.Number}";
        switch (message.Str("type"))
        {
            case "user_message":
                User(id, at, message.Str("message"));
                break;
            case "agent_message" when !_assistantFromItems:
                _steps.AddText(id, StepKind.AssistantMessage, at, output: message.Str("message"), model: _model);
                break;
            case "agent_message":
                break;
            case "token_count":
                TokenCount(id, at, message.Object("info"));
                break;
            case "exec_command_end" when message.Str("call_id") is { } call && _calls.TryGetValue(call, out var index):
                var exit = (int?)message.Long("exit_code");
                _steps[index] = _steps[index] with { ExitCode = _steps[index].ExitCode ?? exit, IsError = _steps[index].IsError || exit is not (null or 0) };
                break;
            case "patch_apply_end" when message.Str("call_id") is { } call && _calls.TryGetValue(call, out var index)
                && message.Bool("success") == false:
                _steps[index] = _steps[index] with { IsError = true, Files = [] };
                break;
            case "exec_command_end" or "patch_apply_end":
                break;
            case "task_complete":
                (_exitReason, _status) = ("task_complete", RunStatus.Completed);
                break;
            case "turn_aborted":
                (_exitReason, _status) = ("turn_aborted" + (message.Str("reason") is { } reason ? ": " + reason : ""), RunStatus.Aborted);
                break;
            case "error" or "stream_error":
                var index2 = _steps.AddText(id, StepKind.Error, at, output: message.Str("message"), name: message.Str("type"), model: _model);
                _steps[index2] = _steps[index2] with { IsError = true };
                break;
            case { } known when s_silentEvents.Contains(known):
                break;
            case var type:
                _issues.Add(new ImportIssue(ImportIssueLevel.Warning, $"unknown event_msg type '{SourceIds.Describe(type)}' skipped", line.Number));
                break;
        }
    }

    private void TokenCount(string id, DateTimeOffset? at, JsonElement? info)
    {
        if (info is not { } usage)
        {
            return;
        }

        var total = usage.Object("total_token_usage");
        var totalKey = total?.Raw();
        if (totalKey is not null && totalKey == _previousTotal)
        {
            return;
        }

        var last = usage.Object("last_token_usage");
        TokenUsage tokens;
        if (last is { } delta)
        {
            tokens = ToTokens(delta);
        }
        else if (total is { } cumulative)
        {
            var previous = _previousTotal is null ? TokenUsage.Zero : ToTokens(JsonDocument.Parse(_previousTotal).RootElement);
            var now = ToTokens(cumulative);
            tokens = new TokenUsage(now.Input - previous.Input, now.Output - previous.Output, now.CacheRead - previous.CacheRead, 0, now.Reasoning - previous.Reasoning);
        }
        else
        {
            return;
        }

        _previousTotal = totalKey ?? _previousTotal;
        if (tokens.IsZero)
        {
            return;
        }

        var index = _steps.Add(id, StepKind.ModelCall, at, usage.Str("model") ?? _model);
        _steps[index] = _steps[index] with { Name = "token_count", Tokens = tokens };
    }

    /// <summary>OpenAI counts cached tokens inside input_tokens and reasoning inside output_tokens; the model keeps input uncached.</summary>
    private static TokenUsage ToTokens(JsonElement usage)
    {
        var cached = usage.Long("cached_input_tokens") ?? 0;
        return new TokenUsage(
            Math.Max(0, (usage.Long("input_tokens") ?? 0) - cached),
            usage.Long("output_tokens") ?? 0,
            cached,
            0,
            usage.Long("reasoning_output_tokens") ?? 0);
    }

    private Run BuildRun(List<JsonLine> lines)
    {
        var meta = _meta;
        var sessionId = meta?.Str("id");
        var times = lines.Select(l => l.Root.Time("timestamp")).OfType<DateTimeOffset>().ToArray();
        var git = meta?.Object("git");
        return new Run
        {
            Id = SourceIds.Run(CodexAdapter.FormatName, sessionId, _content),
            SourceFormat = CodexAdapter.FormatName,
            AgentName = "codex",
            AgentVersion = meta?.Str("cli_version"),
            Project = StepText.LastSegment(_cwd),
            Repository = git?.Str("repository_url") ?? _cwd,
            Branch = git?.Str("branch"),
            TaskTitle = StepText.Title(_firstUserText),
            TaskObjective = StepText.Objective(_firstUserText),
            StartedAt = meta?.Time("timestamp") ?? (times.Length > 0 ? times.Min() : null),
            EndedAt = times.Length > 0 ? times.Max() : null,
            Status = _status,
            ExitReason = _exitReason,
        };
    }

    /// <summary>Codex sends AGENTS.md and the environment as user-role messages; they are context, not the user's words.</summary>
    private static bool IsInjectedContext(string? text) => text is null
        || text.StartsWith("<environment_context>", StringComparison.Ordinal)
        || text.StartsWith("<user_instructions>", StringComparison.Ordinal)
        || text.StartsWith("# AGENTS.md instructions", StringComparison.Ordinal)
        || text.StartsWith("<INSTRUCTIONS>", StringComparison.Ordinal)
        || text.StartsWith("<permissions instructions>", StringComparison.Ordinal);

    /// <summary>["bash", "-lc", "script"] runs the script; any other argv is shown joined.</summary>
    private static string? CommandText(JsonElement? argv)
    {
        if (argv is not { ValueKind: JsonValueKind.Array } array)
        {
            return null;
        }

        var parts = array.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!).ToArray();
        if (parts.Length == 3 && parts[0] is "bash" or "zsh" or "sh" or "/bin/bash" or "/bin/zsh" or "/bin/sh" && parts[1] is "-lc" or "-c")
        {
            return parts[2];
        }

        return string.Join(' ', parts.Select(p => p.Contains(' ', StringComparison.Ordinal) && !p.Contains('\n', StringComparison.Ordinal) ? $"'{p}'" : p));
    }

    /// <summary>The patch in a shell call that runs apply_patch (["apply_patch", patch] or an apply_patch heredoc).</summary>
    private static string? PatchIn(string? command)
    {
        if (command is null)
        {
            return null;
        }

        var trimmed = command.TrimStart();
        var begin = command.IndexOf(ApplyPatch.Begin, StringComparison.Ordinal);
        return begin >= 0 && (trimmed.StartsWith("apply_patch", StringComparison.Ordinal) || trimmed.StartsWith(ApplyPatch.Begin, StringComparison.Ordinal)
            || trimmed.Contains("apply_patch <<", StringComparison.Ordinal))
            ? command[begin..]
            : null;
    }

    private static IReadOnlyList<FileTouch> PathOf(JsonElement? args, FileAction action) =>
        (args?.Str("path") ?? args?.Str("file_path")) is { } path ? [new FileTouch(path, action)] : [];

    [GeneratedRegex(@"^\s*(?:Exit code:|Process exited with code)\s*(-?\d{1,3})\b", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ExitCodeLine();
}

using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters.Common;

namespace Martin360.Ingest.Adapters.ClaudeCode;

/// <summary>
/// Maps one Claude Code session file to one run. Content blocks of assistant lines become steps (text,
/// thinking, tool_use); tool_result blocks in user lines complete their tool_use step. One API response is
/// streamed as several lines sharing message.id and requestId: its usage is counted once, taken from its
/// last line (the complete count, as ccusage does) and put on the first step of that response.
/// Sidechain lines (sub-agents run by the Task tool) are attributed to their sub-agent.
/// </summary>
internal sealed partial class ClaudeSessionReader
{
    private static readonly HashSet<string> s_silentTypes = new(StringComparer.Ordinal)
    {
        "file-history-snapshot", "queue-operation", "progress",
    };

    private readonly string _content;
    private readonly List<ImportIssue> _issues = [];
    private readonly StepList _steps = new();
    private readonly Dictionary<string, int> _toolSteps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResponseUsage> _usage = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usageAttached = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _byUuid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCall> _tasksByPrompt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubAgent> _subAgentsByRoot = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _sidechainRoots = new(StringComparer.Ordinal);
    private bool _isSubAgentFile;
    private string? _summary;
    private string? _firstUserText;

    public ClaudeSessionReader(string content)
    {
        _content = content;
    }

    public AdapterResult Read()
    {
        var lines = JsonLines.Parse(_content, _issues, out var rejected);
        if (lines.Count == 0)
        {
            return _steps.Result(ClaudeCodeAdapter.FormatName, null, _issues, rejected);
        }

        Index(lines);
        foreach (var line in lines)
        {
            Emit(line);
        }

        _steps.MarkCompletionClaims(s => s.Agent is null && s.Name != "meta");
        var run = BuildRun(lines);
        return _steps.Result(ClaudeCodeAdapter.FormatName, run, _issues, rejected);
    }

    private void Index(List<JsonLine> lines)
    {
        var firstMessageSeen = false;
        foreach (var (number, root) in lines)
        {
            if (root.Str("uuid") is { } uuid)
            {
                _byUuid[uuid] = root;
            }

            var type = TypeOf(root);
            if (!firstMessageSeen && type is "user" or "assistant")
            {
                firstMessageSeen = true;
                _isSubAgentFile = root.Bool("isSidechain") == true;
            }

            if (type != "assistant" || root.Object("message") is not { } message)
            {
                continue;
            }

            if (UsageKey(root, message) is { } key && message.Object("usage") is { } usage)
            {
                _usage[key] = new ResponseUsage(ToTokens(usage), root.Decimal("costUSD"), number);
            }

            foreach (var block in Blocks(message))
            {
                if (block.Str("type") == "tool_use" && block.Str("name") is "Task" or "Agent"
                    && block.Object("input") is { } input && input.Str("prompt") is { } prompt && block.Str("id") is { } id)
                {
                    _tasksByPrompt.TryAdd(prompt, new TaskCall(id, input.Str("subagent_type"), input.Str("description")));
                }
            }
        }
    }

    private void Emit(JsonLine line)
    {
        var type = TypeOf(line.Root);
        switch (type)
        {
            case "assistant":
                EmitAssistant(line);
                break;
            case "user":
                EmitUser(line);
                break;
            case "summary":
                _summary ??= line.Root.Str("summary");
                break;
            case "system":
                EmitSystem(line);
                break;
            case { } known when s_silentTypes.Contains(known):
                break;
            default:
                _issues.Add(new ImportIssue(ImportIssueLevel.Warning, $"unknown record type '{SourceIds.Describe(type)}' skipped", line.Number));
                break;
        }
    }

    private void EmitAssistant(JsonLine line)
    {
        if (line.Root.Object("message") is not { } message)
        {
            _issues.Add(new ImportIssue(ImportIssueLevel.Warning, "assistant line without a message skipped", line.Number));
            return;
        }

        var context = Context(line, message.Str("model") is { } model && model != "<synthetic>" ? model : null);
        var isApiError = line.Root.Bool("isApiErrorMessage") == true;
        var first = _steps.Count;
        var blockIndex = 0;
        foreach (var block in Blocks(message))
        {
            var id = $"{context.IdBase}:{blockIndex++}";
            switch (block.Str("type"))
            {
                case "text" when !string.IsNullOrWhiteSpace(block.Str("text")):
                    AddText(context, id, isApiError ? StepKind.Error : StepKind.AssistantMessage, output: block.Str("text"));
                    break;
                case "thinking":
                    AddText(context, id, StepKind.Thought, output: block.Str("thinking"));
                    break;
                case "redacted_thinking":
                    AddText(context, id, StepKind.Thought, name: "redacted_thinking");
                    break;
                case "tool_use" or "server_tool_use":
                    AddTool(context, block, id);
                    break;
            }
        }

        if (message.Child("content") is { ValueKind: JsonValueKind.String } plain && !string.IsNullOrWhiteSpace(plain.GetString()))
        {
            AddText(context, $"{context.IdBase}:0", isApiError ? StepKind.Error : StepKind.AssistantMessage, output: plain.GetString());
        }

        AttachUsage(line, message, context, first);
    }

    /// <summary>Puts a response's usage on its first step, once; a response without steps gets a model-call step.</summary>
    private void AttachUsage(JsonLine line, JsonElement message, LineContext context, int firstStepOfLine)
    {
        TokenUsage tokens;
        decimal? cost;
        var key = UsageKey(line.Root, message);
        if (key is not null)
        {
            if (_usageAttached.Contains(key) || !_usage.TryGetValue(key, out var final))
            {
                return;
            }

            if (firstStepOfLine == _steps.Count && final.LastLine != line.Number)
            {
                return;
            }

            _usageAttached.Add(key);
            (tokens, cost) = (final.Tokens, final.CostUsd);
        }
        else
        {
            if (message.Object("usage") is not { } usage)
            {
                return;
            }

            (tokens, cost) = (ToTokens(usage), line.Root.Decimal("costUSD"));
        }

        if (tokens.IsZero && cost is null)
        {
            return;
        }

        if (firstStepOfLine == _steps.Count)
        {
            Add(context, $"{context.IdBase}:usage", StepKind.ModelCall);
        }

        var index = firstStepOfLine;
        _steps[index] = _steps[index] with
        {
            Tokens = tokens,
            CostUsd = cost,
            CostProvenance = cost is null ? CostProvenance.Unknown : CostProvenance.Reported,
        };
    }

    private void EmitUser(JsonLine line)
    {
        if (line.Root.Object("message") is not { } message)
        {
            _issues.Add(new ImportIssue(ImportIssueLevel.Warning, "user line without a message skipped", line.Number));
            return;
        }

        var context = Context(line, model: null);
        var isMeta = line.Root.Bool("isMeta") == true;
        var text = new StringBuilder();
        if (message.Child("content") is { ValueKind: JsonValueKind.String } plain)
        {
            text.Append(plain.GetString());
        }

        foreach (var block in Blocks(message))
        {
            switch (block.Str("type"))
            {
                case "text":
                    text.Append(text.Length > 0 ? "\n" : "").Append(block.Str("text"));
                    break;
                case "tool_result":
                    CompleteTool(line, block, context.Timestamp);
                    break;
            }
        }

        if (text.Length == 0)
        {
            return;
        }

        var userText = text.ToString();
        if (context.Agent is null && !isMeta)
        {
            _firstUserText ??= userText;
            _steps.StartTurn();
        }

        AddText(context, $"{context.IdBase}:text", StepKind.UserMessage, input: userText, name: isMeta ? "meta" : null);
    }

    private void EmitSystem(JsonLine line)
    {
        var context = Context(line, model: null);
        var kind = line.Root.Str("level") == "error" ? StepKind.Error : StepKind.Other;
        AddText(context, $"{context.IdBase}:system", kind, output: line.Root.Str("content"), name: line.Root.Str("subtype") ?? "system");
    }

    private void AddText(LineContext context, string id, StepKind kind, string? input = null, string? output = null, string? name = null)
    {
        var index = _steps.AddText(id, kind, context.Timestamp, input, output, name, context.Model);
        Attribute(index, context);
    }

    private void AddTool(LineContext context, JsonElement block, string fallbackId)
    {
        var name = block.Str("name");
        var input = block.Object("input");
        var (kind, command, files) = ClaudeTools.Map(name, input);
        var toolId = block.Str("id");
        var index = Add(context, toolId ?? fallbackId, kind);
        _steps[index] = _steps[index] with
        {
            Name = name,
            Command = command,
            Files = files,
            Input = input?.Raw(),
        };

        if (toolId is not null)
        {
            _toolSteps[toolId] = index;
        }
    }

    private void CompleteTool(JsonLine line, JsonElement block, DateTimeOffset? at)
    {
        var toolId = block.Str("tool_use_id");
        if (toolId is null || !_toolSteps.TryGetValue(toolId, out var index))
        {
            _issues.Add(new ImportIssue(ImportIssueLevel.Warning, $"tool_result for an unknown tool_use '{SourceIds.Describe(toolId)}' skipped", line.Number));
            return;
        }

        var step = _steps[index];
        var isError = block.Bool("is_error") == true;
        var resultText = ResultText(block.Child("content"));
        var result = line.Root.Object("toolUseResult");
        var output = resultText;
        if (result is { } r && (r.Str("stdout") is not null || r.Str("stderr") is not null))
        {
            output = string.Join("\n", new[] { r.Str("stdout"), r.Str("stderr") }.Where(s => !string.IsNullOrEmpty(s)));
        }

        var exitCode = result?.Long("exitCode") is { } code ? (int)code
            : step.Kind == StepKind.ShellCommand && isError && ExitCodeLine().Match(resultText ?? "") is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : (int?)null;

        // Claude Code reports a Bash command that exits non-zero as is_error; one that ran to the end without
        // error therefore exited 0. Interrupted or denied commands keep no exit code.
        if (exitCode is null && step.Kind == StepKind.ShellCommand && !isError && result?.Bool("interrupted") != true)
        {
            exitCode = 0;
        }

        var kind = step.Kind;
        var files = step.Files;
        if (isError)
        {
            // A rejected read or write touched nothing; keeping the path would list files the agent never changed.
            files = [];
        }
        else if (kind == StepKind.FileCreate && result?.Str("type") == "update")
        {
            kind = StepKind.FileEdit;
            files = files.Select(f => f with { Action = FileAction.Edit }).ToArray();
        }
        _steps[index] = step with
        {
            Kind = kind,
            Files = files,
            IsError = isError,
            ExitCode = exitCode,
            Output = output,
            Duration = SourceIds.Between(step.Timestamp, at),
        };
    }

    private int Add(LineContext context, string id, StepKind kind)
    {
        var index = _steps.Add(id, kind, context.Timestamp, context.Model);
        Attribute(index, context);
        return index;
    }

    private void Attribute(int index, LineContext context)
    {
        if (context.Agent is { } agent)
        {
            _steps[index] = _steps[index] with { Agent = agent.Agent, Role = agent.Role, ParentStepId = agent.ParentStepId };
        }
    }

    private LineContext Context(JsonLine line, string? model) => new(
        line.Root.Str("uuid") ?? $"line{line.Number}",
        line.Root.Time("timestamp"),
        model,
        !_isSubAgentFile && line.Root.Bool("isSidechain") == true ? SubAgentOf(line.Root) : null);

    /// <summary>
    /// The sub-agent a sidechain line belongs to: the root of its parentUuid chain is the prompt the Task tool
    /// sent, so the Task call with that exact prompt names the sub-agent.
    /// </summary>
    private SubAgent SubAgentOf(JsonElement line)
    {
        var rootId = SidechainRootOf(line);
        if (_subAgentsByRoot.TryGetValue(rootId, out var known))
        {
            return known;
        }

        var prompt = _byUuid.TryGetValue(rootId, out var root) && root.Object("message") is { } message ? MessageText(message) : null;
        var agent = prompt is not null && _tasksByPrompt.TryGetValue(prompt, out var task)
            ? new SubAgent(
                task.Description is null ? task.SubagentType ?? "sub-agent" : $"{task.SubagentType ?? "sub-agent"}: {task.Description}",
                task.SubagentType ?? "sub-agent",
                task.ToolUseId)
            : new SubAgent($"sidechain {rootId[..Math.Min(8, rootId.Length)]}", "sub-agent", null);
        _subAgentsByRoot[rootId] = agent;
        return agent;
    }

    /// <summary>
    /// The uuid at the root of a sidechain line's parentUuid chain. Every line on the walked chain remembers its
    /// root, so a long sub-agent conversation is walked once, not once per line.
    /// </summary>
    private string SidechainRootOf(JsonElement line)
    {
        var walked = new List<string>();
        var root = line;
        var rootId = root.Str("uuid") ?? "";
        while (true)
        {
            if (rootId.Length > 0 && _sidechainRoots.TryGetValue(rootId, out var knownRoot))
            {
                rootId = knownRoot;
                break;
            }

            walked.Add(rootId);
            // A parentUuid cycle (hand-edited or corrupt file) ends the walk rather than spinning.
            if (root.Str("parentUuid") is not { } parent || walked.Count > _byUuid.Count
                || !_byUuid.TryGetValue(parent, out var parentLine) || parentLine.Bool("isSidechain") != true)
            {
                break;
            }

            root = parentLine;
            rootId = parent;
        }

        foreach (var uuid in walked.Where(u => u.Length > 0))
        {
            _sidechainRoots[uuid] = rootId;
        }

        return rootId;
    }

    private Run BuildRun(List<JsonLine> lines)
    {
        string? First(string field) => lines.Select(l => l.Root.Str(field)).FirstOrDefault(v => !string.IsNullOrEmpty(v));

        var sessionId = First("sessionId");
        var times = lines.Select(l => l.Root.Time("timestamp")).OfType<DateTimeOffset>().ToArray();
        var cwd = First("cwd");
        var sessionRunId = sessionId is null ? null : SourceIds.Run(ClaudeCodeAdapter.FormatName, sessionId, _content);
        string id;
        if (_isSubAgentFile)
        {
            var agentId = First("agentId") ?? First("uuid") ?? DeterministicId.FromContent(_content);
            id = $"{sessionRunId ?? DeterministicId.FromContent(_content)}:agent:{SourceIds.Run(ClaudeCodeAdapter.FormatName, agentId, _content)}";
        }
        else
        {
            id = sessionRunId ?? DeterministicId.FromContent(_content);
        }

        var task = CleanUserText(_firstUserText);
        return new Run
        {
            Id = id.Length <= 128 ? id : DeterministicId.From(id),
            SourceFormat = ClaudeCodeAdapter.FormatName,
            AgentName = "claude-code",
            AgentVersion = First("version"),
            Project = StepText.LastSegment(cwd),
            Repository = cwd,
            Branch = First("gitBranch"),
            TaskTitle = StepText.Title(task ?? _summary),
            TaskObjective = StepText.Objective(task ?? _summary),
            StartedAt = times.Length > 0 ? times.Min() : null,
            EndedAt = times.Length > 0 ? times.Max() : null,
            ParentRunId = _isSubAgentFile ? sessionRunId : null,
            AgentRole = _isSubAgentFile ? "sub-agent" : null,
        };
    }

    /// <summary>A slash command's message is tags around the command and its arguments; keep "/command arguments".</summary>
    private static string? CleanUserText(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var name = CommandName().Match(text);
        if (name.Success)
        {
            var args = CommandArgs().Match(text);
            return (name.Groups[1].Value.Trim() + " " + (args.Success ? args.Groups[1].Value.Trim() : "")).Trim();
        }

        return text;
    }

    private static string? TypeOf(JsonElement line) => line.Str("type") ?? line.Object("message")?.Str("role");

    /// <summary>message.id + requestId identify one API response; either missing means the line cannot be deduplicated.</summary>
    private static string? UsageKey(JsonElement line, JsonElement message) =>
        message.Str("id") is { } messageId && line.Str("requestId") is { } requestId ? messageId + "\u001f" + requestId : null;

    private static TokenUsage ToTokens(JsonElement usage) => new(
        usage.Long("input_tokens") ?? 0,
        usage.Long("output_tokens") ?? 0,
        usage.Long("cache_read_input_tokens") ?? 0,
        usage.Long("cache_creation_input_tokens") ?? 0)
    {
        CacheWrite1h = usage.Object("cache_creation")?.Long("ephemeral_1h_input_tokens") ?? 0,
    };

    private static IEnumerable<JsonElement> Blocks(JsonElement message) =>
        message.Array("content") is { } content ? content.EnumerateArray().Where(b => b.ValueKind == JsonValueKind.Object) : [];

    private static string? MessageText(JsonElement message) =>
        message.Child("content") is { ValueKind: JsonValueKind.String } plain
            ? plain.GetString()
            : string.Join("\n", Blocks(message).Where(b => b.Str("type") == "text").Select(b => b.Str("text")));

    private static string? ResultText(JsonElement? content) => content switch
    {
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { ValueKind: JsonValueKind.Array } blocks => string.Join("\n", blocks.EnumerateArray()
            .Select(b => b.Str("type") switch { "text" => b.Str("text"), "image" => "[image]", _ => null })
            .Where(t => t is not null)),
        _ => null,
    };

    [GeneratedRegex(@"^\s*Exit code:?\s*(\d{1,3})\b", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex ExitCodeLine();

    [GeneratedRegex(@"<command-name>(.*?)</command-name>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex CommandName();

    [GeneratedRegex(@"<command-args>(.*?)</command-args>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex CommandArgs();

    private readonly record struct LineContext(string IdBase, DateTimeOffset? Timestamp, string? Model, SubAgent? Agent);

    private sealed record ResponseUsage(TokenUsage Tokens, decimal? CostUsd, int LastLine);

    private sealed record TaskCall(string ToolUseId, string? SubagentType, string? Description);

    private sealed record SubAgent(string Agent, string Role, string? ParentStepId);
}

using System.Runtime.CompilerServices;
using System.Buffers;
using System.Text;
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

    private readonly ReadOnlyMemory<byte> _utf8;
    private readonly List<ImportIssue> _issues = [];
    private readonly StepList _steps = new();
    private readonly Dictionary<string, int> _toolSteps = new(StringComparer.Ordinal);
    private readonly Dictionary<(string MessageId, string RequestId), ResponseUsage> _usage = [];
    private readonly HashSet<(string MessageId, string RequestId)> _usageAttached = [];
    private readonly Dictionary<string, ClaudeLine> _byUuid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCall> _tasksByPrompt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubAgent> _subAgentsByRoot = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _sidechainRoots = new(StringComparer.Ordinal);
    private readonly List<string> _walked = [];
    private readonly ClaudeRunFields _run = new();
    private bool _isSubAgentFile;
    private string? _summary;
    private string? _firstUserText;

    /// <param name="utf8">The session file's UTF-8 bytes; nothing read keeps a reference to them.</param>
    public ClaudeSessionReader(ReadOnlyMemory<byte> utf8)
    {
        _utf8 = utf8;
    }

    /// <summary>Reads a session given as text (encoded to UTF-8 in a pooled buffer: the reader reads bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AdapterResult Read(string content)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(content));
        try
        {
            var length = Encoding.UTF8.GetBytes(content, buffer);
            return new ClaudeSessionReader(buffer.AsMemory(0, length)).Read();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public AdapterResult Read()
    {
        var lines = ParseLines(out var rejected);
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

    /// <summary>The lines, read from the UTF-8 bytes; no line keeps any of the JSON.</summary>
    private List<ClaudeLine> ParseLines(out int rejected) =>
        JsonLines.Parse(_utf8, _issues, out rejected, (ReadOnlyMemory<byte> utf8, int number, out ClaudeLine line) =>
        {
            if (!ClaudeLineParser.TryParse(utf8.Span, number, _run, out line))
            {
                return false;
            }

            _run.Take(line);
            return true;
        });

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Index(List<ClaudeLine> lines)
    {
        _byUuid.EnsureCapacity(lines.Count);
        var firstMessageSeen = false;
        foreach (var line in lines)
        {
            if (line.Uuid is { } uuid)
            {
                _byUuid[uuid] = line;
            }

            var type = line.TypeOrRole;
            if (!firstMessageSeen && type is "user" or "assistant")
            {
                firstMessageSeen = true;
                _isSubAgentFile = line.IsSidechain == true;
            }

            if (type != "assistant" || line.Message is not { } message)
            {
                continue;
            }

            if (UsageKey(line, message) is { } key && message.Usage is { } usage)
            {
                _usage[key] = new ResponseUsage(usage, line.CostUsd, line.Number);
            }

            foreach (var block in message.Blocks)
            {
                if (block.Type == "tool_use" && block.Name is "Task" or "Agent"
                    && block.Input is { } input && input.Prompt is { } prompt && block.Id is { } id)
                {
                    _tasksByPrompt.TryAdd(prompt, new TaskCall(id, input.SubagentType, input.Description));
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Emit(ClaudeLine line)
    {
        var type = line.TypeOrRole;
        switch (type)
        {
            case "assistant":
                EmitAssistant(line);
                break;
            case "user":
                EmitUser(line);
                break;
            case "summary":
                _summary ??= line.Summary;
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EmitAssistant(ClaudeLine line)
    {
        if (line.Message is not { } message)
        {
            _issues.Add(new ImportIssue(ImportIssueLevel.Warning, "assistant line without a message skipped", line.Number));
            return;
        }

        var context = Context(line, message.Model is { } model && model != "<synthetic>" ? model : null);
        var isApiError = line.IsApiErrorMessage == true;
        var first = _steps.Count;
        var blockIndex = 0;
        foreach (var block in message.Blocks)
        {
            var id = $"{context.IdBase}:{blockIndex++}";
            switch (block.Type)
            {
                case "text" when !string.IsNullOrWhiteSpace(block.Text):
                    AddText(context, id, isApiError ? StepKind.Error : StepKind.AssistantMessage, output: block.Text);
                    break;
                case "thinking":
                    AddText(context, id, StepKind.Thought, output: block.Thinking);
                    break;
                case "redacted_thinking":
                    AddText(context, id, StepKind.Thought, name: "redacted_thinking");
                    break;
                case "tool_use" or "server_tool_use":
                    AddTool(context, block, id);
                    break;
            }
        }

        if (!string.IsNullOrWhiteSpace(message.Text))
        {
            AddText(context, $"{context.IdBase}:0", isApiError ? StepKind.Error : StepKind.AssistantMessage, output: message.Text);
        }

        AttachUsage(line, message, context, first);
    }

    /// <summary>Puts a response's usage on its first step, once; a response without steps gets a model-call step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AttachUsage(ClaudeLine line, ClaudeMessage message, LineContext context, int firstStepOfLine)
    {
        TokenUsage tokens;
        decimal? cost;
        if (UsageKey(line, message) is { } key)
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
            if (message.Usage is not { } usage)
            {
                return;
            }

            (tokens, cost) = (usage, line.CostUsd);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EmitUser(ClaudeLine line)
    {
        if (line.Message is not { } message)
        {
            _issues.Add(new ImportIssue(ImportIssueLevel.Warning, "user line without a message skipped", line.Number));
            return;
        }

        var context = Context(line, model: null);
        var isMeta = line.IsMeta == true;

        // Mostly one piece (the string content or one text block) or none (a line of tool results): no builder.
        var text = message.Text ?? "";
        foreach (var block in message.Blocks)
        {
            switch (block.Type)
            {
                case "text":
                    text = text.Length > 0 ? string.Concat(text, "\n", block.Text) : block.Text ?? "";
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

        if (context.Agent is null && !isMeta)
        {
            _firstUserText ??= text;
            _steps.StartTurn();
        }

        AddText(context, $"{context.IdBase}:text", StepKind.UserMessage, input: text, name: isMeta ? "meta" : null);
    }

    private void EmitSystem(ClaudeLine line)
    {
        var context = Context(line, model: null);
        var kind = line.Level == "error" ? StepKind.Error : StepKind.Other;
        AddText(context, $"{context.IdBase}:system", kind, output: line.Content, name: line.Subtype ?? "system");
    }

    private void AddText(LineContext context, string id, StepKind kind, string? input = null, string? output = null, string? name = null) =>
        _steps.Add(NewStep(context, id, kind) with { Name = name, Input = input, Output = output });

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddTool(LineContext context, ClaudeBlock block, string fallbackId)
    {
        var name = block.Name;
        var input = block.Input;
        var (kind, command, files) = ClaudeTools.Map(name, input);
        var toolId = block.Id;
        var index = _steps.Add(NewStep(context, toolId ?? fallbackId, kind) with
        {
            Name = name,
            Command = command,
            Files = files,
            Input = input?.Raw,
        });

        if (toolId is not null)
        {
            _toolSteps[toolId] = index;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CompleteTool(ClaudeLine line, ClaudeBlock block, DateTimeOffset? at)
    {
        var toolId = block.ToolUseId;
        if (toolId is null || !_toolSteps.TryGetValue(toolId, out var index))
        {
            _issues.Add(new ImportIssue(ImportIssueLevel.Warning, $"tool_result for an unknown tool_use '{SourceIds.Describe(toolId)}' skipped", line.Number));
            return;
        }

        var step = _steps[index];
        var isError = block.IsError == true;
        var resultText = block.ResultText;
        var result = line.ToolUseResult;
        var output = resultText;
        if (result is { } r && (r.Stdout is not null || r.Stderr is not null))
        {
            output = string.IsNullOrEmpty(r.Stderr) ? r.Stdout ?? "" : string.IsNullOrEmpty(r.Stdout) ? r.Stderr : r.Stdout + "\n" + r.Stderr;
        }

        var exitCode = result?.ExitCode is { } code ? (int)code
            : step.Kind == StepKind.ShellCommand && isError && ExitCodeLine().Match(resultText ?? "") is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : (int?)null;

        // Claude Code reports a Bash command that exits non-zero as is_error; one that ran to the end without
        // error therefore exited 0. Interrupted or denied commands keep no exit code.
        if (exitCode is null && step.Kind == StepKind.ShellCommand && !isError && result?.Interrupted != true)
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
        else if (kind == StepKind.FileCreate && result?.Type == "update")
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

    private int Add(LineContext context, string id, StepKind kind) => _steps.Add(NewStep(context, id, kind));

    /// <summary>The next step of the line, attributed to its sub-agent (the caller adds what else it knows with `with`).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Step NewStep(LineContext context, string id, StepKind kind) => new()
    {
        Id = id,
        Sequence = _steps.Count + 1,
        Kind = kind,
        Timestamp = context.Timestamp,
        Model = context.Model,
        Agent = context.Agent?.Agent,
        Role = context.Agent?.Role,
        ParentStepId = context.Agent?.ParentStepId,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private LineContext Context(ClaudeLine line, string? model) => new(
        line.Uuid ?? $"line{line.Number}",
        line.Timestamp,
        model,
        !_isSubAgentFile && line.IsSidechain == true ? SubAgentOf(line) : null);

    /// <summary>
    /// The sub-agent a sidechain line belongs to: the root of its parentUuid chain is the prompt the Task tool
    /// sent, so the Task call with that exact prompt names the sub-agent.
    /// </summary>
    private SubAgent SubAgentOf(ClaudeLine line)
    {
        var rootId = SidechainRootOf(line);
        if (_subAgentsByRoot.TryGetValue(rootId, out var known))
        {
            return known;
        }

        var prompt = _byUuid.TryGetValue(rootId, out var root) && root.Message is { } message ? MessageText(message) : null;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string SidechainRootOf(ClaudeLine line)
    {
        var walked = _walked;
        walked.Clear();
        var root = line;
        var rootId = root.Uuid ?? "";
        while (true)
        {
            if (rootId.Length > 0 && _sidechainRoots.TryGetValue(rootId, out var knownRoot))
            {
                rootId = knownRoot;
                break;
            }

            walked.Add(rootId);
            // A parentUuid cycle (hand-edited or corrupt file) ends the walk rather than spinning.
            if (root.ParentUuid is not { } parent || walked.Count > _byUuid.Count
                || !_byUuid.TryGetValue(parent, out var parentLine) || parentLine.IsSidechain != true)
            {
                break;
            }

            root = parentLine;
            rootId = parent;
        }

        foreach (var uuid in walked)
        {
            if (uuid.Length > 0)
            {
                _sidechainRoots[uuid] = rootId;
            }
        }

        return rootId;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Run BuildRun(List<ClaudeLine> lines)
    {
        var sessionId = _run.SessionId;
        DateTimeOffset? started = null, ended = null;
        foreach (var line in lines)
        {
            if (line.Timestamp is { } time)
            {
                started = started is null || time < started ? time : started;
                ended = ended is null || time > ended ? time : ended;
            }
        }

        var cwd = _run.Cwd;
        var sessionRunId = sessionId is null ? null : SourceIds.Run(ClaudeCodeAdapter.FormatName, sessionId);
        string id;
        if (_isSubAgentFile)
        {
            var agentId = _run.AgentId ?? lines.Select(l => l.Uuid).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? ContentId();
            id = $"{sessionRunId ?? ContentId()}:agent:{SourceIds.Run(ClaudeCodeAdapter.FormatName, agentId)}";
        }
        else
        {
            id = sessionRunId ?? ContentId();
        }

        var task = CleanUserText(_firstUserText);
        return new Run
        {
            Id = id.Length <= 128 ? id : DeterministicId.From(id),
            SourceFormat = ClaudeCodeAdapter.FormatName,
            AgentName = "claude-code",
            AgentVersion = _run.Version,
            Project = StepText.LastSegment(cwd),
            Repository = cwd,
            Branch = _run.GitBranch,
            TaskTitle = StepText.Title(task ?? _summary),
            TaskObjective = StepText.Objective(task ?? _summary),
            StartedAt = started,
            EndedAt = ended,
            ParentRunId = _isSubAgentFile ? sessionRunId : null,
            AgentRole = _isSubAgentFile ? "sub-agent" : null,
        };
    }

    /// <summary>The id of the file's content, for a session that names none.</summary>
    private string ContentId() => DeterministicId.FromUtf8(_utf8.Span);

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

    /// <summary>message.id + requestId identify one API response; either missing means the line cannot be deduplicated.</summary>
    private static (string MessageId, string RequestId)? UsageKey(ClaudeLine line, ClaudeMessage message) =>
        message.Id is { } messageId && line.RequestId is { } requestId ? (messageId, requestId) : null;

    private static string? MessageText(ClaudeMessage message) =>
        message.Text ?? string.Join("\n", message.Blocks.Where(b => b.Type == "text").Select(b => b.Text));

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

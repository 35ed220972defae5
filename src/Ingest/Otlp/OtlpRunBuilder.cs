using System.Text.Json;
using Martin360.Analysis.Model;

namespace Martin360.Ingest.Otlp;

/// <summary>Maps the spans of one run (one conversation or one trace) to a run header and its steps.</summary>
internal static class OtlpRunBuilder
{
    /// <summary>Input and output are bounded so one huge attribute cannot blow up storage or the UI.</summary>
    internal const int MaxTextChars = 64 * 1024;

    private const int MaxAncestorHops = 1024;

    private static readonly HashSet<string> s_modelOperations = new(StringComparer.Ordinal)
    {
        GenAiAttributes.Operations.Chat,
        GenAiAttributes.Operations.GenerateContent,
        GenAiAttributes.Operations.TextCompletion,
        GenAiAttributes.Operations.Embeddings,
    };

    // Tool names agents use for "run this in a shell" (Claude Code Bash, Gemini CLI run_shell_command, Codex shell/exec_command, ...).
    private static readonly HashSet<string> s_shellTools = new(StringComparer.OrdinalIgnoreCase)
    {
        "bash", "sh", "zsh", "shell", "powershell", "pwsh", "cmd", "terminal", "run_shell_command", "shell_command",
        "run_command", "execute_command", "exec_command", "execute_bash", "local_shell", "container.exec",
    };

    private static readonly string[] s_commandFields = ["command", "cmd", "commandLine", "command_line", "script"];
    private static readonly string[] s_exitCodeFields = ["exit_code", "exitCode", "returncode", "return_code", "exit_status"];

    public static Trace Build(string groupKey, IReadOnlyList<OtlpSpanRecord> spans)
    {
        var byKey = spans.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var agentOf = spans.ToDictionary(s => s.Key, s => NearestAgentAncestor(s, byKey), StringComparer.Ordinal);

        // invoke_agent spans with no invoke_agent above them are the run itself; nested ones are sub-agent steps.
        var headers = spans.Where(s => s.IsInvokeAgent && agentOf[s.Key] is null).ToList();
        var headerKeys = headers.Select(h => h.Key).ToHashSet(StringComparer.Ordinal);
        var stepSpans = spans.Where(s => !headerKeys.Contains(s.Key)).ToList();

        var stepIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var usedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var span in stepSpans)
        {
            // Span ids are unique per trace only; a conversation spanning traces may (rarely) repeat one.
            var id = usedIds.Add(span.SpanId) ? span.SpanId : span.TraceId + ":" + span.SpanId;
            usedIds.Add(id);
            stepIds[span.Key] = id;
        }

        var steps = stepSpans.Select(s => ToStep(s, stepIds, agentOf[s.Key])).ToList();
        var run = ToRun(groupKey, headers, spans, steps);
        return Trace.Create(run, steps);
    }

    private static Run ToRun(string groupKey, List<OtlpSpanRecord> headers, IReadOnlyList<OtlpSpanRecord> spans, List<Step> steps)
    {
        var header = headers.FirstOrDefault();
        // All spans, not just the header: work can outlive an invoke_agent span (async tools), and a batch may lack it.
        var starts = spans.Where(s => s.Start > 0).Select(s => s.Start).ToList();
        var ends = spans.Where(s => s.End > 0).Select(s => s.End).ToList();
        var failed = headers.FirstOrDefault(h => h.IsError);
        var resource = (header ?? spans[0]).ResourceAttributes;

        return new Run
        {
            Id = DeterministicId.From(OtlpTraceConverter.Format, groupKey),
            SourceFormat = OtlpTraceConverter.Format,
            AgentName = header?.Attributes.Text(GenAiAttributes.AgentName)
                ?? header?.Attributes.Text(GenAiAttributes.AgentId)
                ?? ServiceName(resource),
            AgentVersion = header?.Attributes.Text(GenAiAttributes.AgentVersion) ?? resource.Text(GenAiAttributes.ServiceVersion),
            AgentRole = header?.Attributes.Text(GenAiAttributes.AgentDescription),
            TaskObjective = header is null ? null : FirstUserText(header.Attributes.Text(GenAiAttributes.InputMessages)),
            StartedAt = starts.Count > 0 ? FromNanos(starts.Min()) : null,
            EndedAt = ends.Count > 0 ? FromNanos(ends.Max()) : null,

            // A span is exported when it ends, so a received invoke_agent span is a finished run.
            Status = headers.Count == 0 ? RunStatus.Unknown : failed is null ? RunStatus.Completed : RunStatus.Failed,
            ExitReason = failed is null ? null : failed.Attributes.Text(GenAiAttributes.ErrorType) ?? NonEmpty(failed.Span.Status?.Message),
            Tokens = steps.Aggregate(TokenUsage.Zero, (sum, step) => sum.Add(step.Tokens)),
        };
    }

    private static Step ToStep(OtlpSpanRecord span, Dictionary<string, string> stepIds, OtlpSpanRecord? agent)
    {
        var attributes = span.Attributes;
        var operation = span.Operation;
        var kind = operation switch
        {
            _ when operation is not null && s_modelOperations.Contains(operation) => StepKind.ModelCall,
            GenAiAttributes.Operations.ExecuteTool => StepKind.ToolCall,
            GenAiAttributes.Operations.Retrieval => StepKind.Search,
            _ => StepKind.Other,
        };

        string? name = operation ?? span.Span.Name;
        var input = attributes.Text(GenAiAttributes.InputMessages);
        var output = attributes.Text(GenAiAttributes.OutputMessages);
        string? command = null;
        var exitCode = attributes.Long(GenAiAttributes.ProcessExitCode) is { } code and >= int.MinValue and <= int.MaxValue ? (int)code : (int?)null;

        if (kind == StepKind.ToolCall)
        {
            name = attributes.Text(GenAiAttributes.ToolName) ?? ToolNameFromSpanName(span.Span.Name);
            input = attributes.Text(GenAiAttributes.ToolCallArguments);
            output = attributes.Text(GenAiAttributes.ToolCallResult);
            if (name is not null && s_shellTools.Contains(name))
            {
                kind = StepKind.ShellCommand;
                command = CommandFrom(input);
                exitCode ??= ExitCodeFrom(output);
            }
        }
        else if (kind == StepKind.ModelCall && output is null && attributes.Strings(GenAiAttributes.FinishReasons) is { Count: > 0 } reasons)
        {
            // Without captured content the finish reasons are the only hint of how the call ended (e.g. "length").
            output = "finish_reasons: " + string.Join(", ", reasons);
        }
        else if (kind == StepKind.Other)
        {
            name = span.Span.Name.Length > 0 ? span.Span.Name : operation;
        }

        if (ExceptionText(span) is { } exception)
        {
            output = output is null ? exception : output + "\n" + exception;
        }

        var (boundedInput, inputCut) = Bound(input);
        var (boundedOutput, outputCut) = Bound(output);
        var (boundedCommand, commandCut) = Bound(command);
        var start = span.Start;
        var end = span.End;
        return new Step
        {
            Id = stepIds[span.Key],
            Sequence = start > long.MaxValue ? long.MaxValue : (long)start,
            Kind = kind,
            ParentStepId = span.ParentKey is { } parent && stepIds.TryGetValue(parent, out var parentId) ? parentId : null,
            Agent = span.IsInvokeAgent ? span.Attributes.Text(GenAiAttributes.AgentName) : agent?.Attributes.Text(GenAiAttributes.AgentName),
            Timestamp = start > 0 ? FromNanos(start) : null,
            Duration = start > 0 && end >= start ? TimeSpan.FromTicks((long)((end - start) / 100)) : null,
            Name = NonEmpty(name),
            Model = kind == StepKind.ModelCall
                ? attributes.Text(GenAiAttributes.ResponseModel) ?? attributes.Text(GenAiAttributes.RequestModel)
                : null,
            Tokens = Tokens(attributes),
            Command = boundedCommand,
            ExitCode = exitCode,
            IsError = span.IsError,
            Input = boundedInput,
            Output = boundedOutput,
            Truncated = inputCut || outputCut || commandCut,
        };
    }

    private static TokenUsage Tokens(OtlpAttributes attributes)
    {
        var input = attributes.Long(GenAiAttributes.InputTokens) ?? 0;
        var output = attributes.Long(GenAiAttributes.OutputTokens) ?? 0;
        var cacheRead = attributes.Long(GenAiAttributes.CacheReadInputTokens) ?? 0;
        var cacheWrite = attributes.Long(GenAiAttributes.CacheCreationInputTokens) ?? 0;

        cacheRead = Math.Max(0, cacheRead);
        cacheWrite = Math.Max(0, cacheWrite);

        // The spec counts cached tokens inside gen_ai.usage.input_tokens; the model keeps the tiers apart
        // (Total adds them), so only the uncached remainder is Input. An input smaller than the cached tokens
        // cannot include them (instrumentations passing Anthropic's raw input_tokens): then it is kept as is.
        var uncached = input >= cacheRead + cacheWrite ? input - cacheRead - cacheWrite : input;
        return new TokenUsage(Math.Max(0, uncached), Math.Max(0, output), cacheRead, cacheWrite);
    }

    private static OtlpSpanRecord? NearestAgentAncestor(OtlpSpanRecord span, Dictionary<string, OtlpSpanRecord> byKey)
    {
        var key = span.ParentKey;
        for (var hops = 0; key is not null && hops < MaxAncestorHops; hops++)
        {
            if (!byKey.TryGetValue(key, out var parent))
            {
                return null;
            }

            if (parent.IsInvokeAgent)
            {
                return parent;
            }

            key = parent.ParentKey;
        }

        return null;
    }

    private static string? ServiceName(OtlpAttributes resource) =>
        resource.Text(GenAiAttributes.ServiceName) is { } name && !name.StartsWith("unknown_service", StringComparison.Ordinal) ? name : null;

    private static string? ToolNameFromSpanName(string spanName)
    {
        const string prefix = GenAiAttributes.Operations.ExecuteTool + " ";
        return spanName.StartsWith(prefix, StringComparison.Ordinal) ? NonEmpty(spanName[prefix.Length..].Trim()) : null;
    }

    /// <summary>The command of a shell tool call: a "command"-like field of the JSON arguments (string or argv), else the raw arguments.</summary>
    private static string? CommandFrom(string? arguments) => ReadJson(arguments, '{', root =>
    {
        foreach (var field in s_commandFields)
        {
            if (root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }

            if (root.TryGetProperty(field, out value) && value.ValueKind == JsonValueKind.Array)
            {
                return string.Join(' ', value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()));
            }
        }

        return null;
    }) ?? arguments;

    private static int? ExitCodeFrom(string? result) => ReadJson(result, '{', root =>
    {
        foreach (var field in s_exitCodeFields)
        {
            if (root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var code))
            {
                return code;
            }
        }

        return (int?)null;
    });

    /// <summary>Exceptions recorded as span events (name "exception"), as "type: message" lines.</summary>
    private static string? ExceptionText(OtlpSpanRecord span)
    {
        var lines = span.Span.Events
            .Where(e => e.Name == GenAiAttributes.ExceptionEvent)
            .Select(e => OtlpAttributes.Of(e.Attributes))
            .Select(a => (a.Text(GenAiAttributes.ExceptionType), a.Text(GenAiAttributes.ExceptionMessage)) switch
            {
                ({ } type, { } message) => $"exception: {type}: {message}",
                ({ } type, null) => $"exception: {type}",
                (null, { } message) => $"exception: {message}",
                _ => "exception",
            })
            .ToList();
        return lines.Count == 0 ? null : string.Join('\n', lines);
    }

    /// <summary>The first text part of the first user message (GenAI input messages JSON schema), as the run's objective.</summary>
    private static string? FirstUserText(string? messages) => ReadJson(messages, '[', root =>
    {
        var texts =
            from message in root.EnumerateArray()
            where message.ValueKind == JsonValueKind.Object && StringProperty(message, "role") == "user"
                && message.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Array
            from part in message.GetProperty("parts").EnumerateArray()
            where part.ValueKind == JsonValueKind.Object && StringProperty(part, "type") == "text"
            select StringProperty(part, "content");
        return Bound(texts.FirstOrDefault(t => t is not null)).Text;
    });

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Reads untrusted text that may hold JSON starting with <paramref name="opening"/>; anything else gives default.</summary>
    private static T? ReadJson<T>(string? text, char opening, Func<JsonElement, T?> read)
    {
        if (text is null || !text.TrimStart().StartsWith(opening))
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return read(document.RootElement);
        }
        catch (JsonException)
        {
            // Text that only looks like JSON carries nothing to read.
            return default;
        }
    }

    private static (string? Text, bool Cut) Bound(string? text) =>
        text is null || text.Length <= MaxTextChars ? (text, false) : (text[..MaxTextChars], true);

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static DateTimeOffset FromNanos(ulong nanos) => DateTimeOffset.UnixEpoch.AddTicks((long)Math.Min(nanos / 100, (ulong)(DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks));
}

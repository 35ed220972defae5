using System.Text.Json;
using System.Text.RegularExpressions;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters.Common;

namespace Martin360.Ingest.Adapters.Gemini;

/// <summary>
/// Maps one Gemini CLI session to one run. A "gemini" message becomes its thoughts, its text and its tool
/// calls, in that order; the message's tokens go on its first step. Gemini counts cached tokens inside input
/// and thinking tokens apart from output (they are billed as output), so the model gets input without the
/// cached part and output with the thoughts.
/// </summary>
internal sealed partial class GeminiSessionReader
{
    private readonly string _content;
    private readonly List<ImportIssue> _issues = [];
    private readonly StepList _steps = new();
    private string? _firstUserText;

    public GeminiSessionReader(string content)
    {
        _content = content;
    }

    public AdapterResult Read()
    {
        JsonElement header;
        var messages = new List<(JsonElement Message, int? Line, string Path)>();
        var rejected = 0;
        try
        {
            using var document = JsonDocument.Parse(_content);
            header = document.RootElement.Clone();
            if (header.ValueKind != JsonValueKind.Object)
            {
                return AdapterResult.Failed(GeminiAdapter.FormatName, new ImportIssue(ImportIssueLevel.Error, "expected a JSON object", 1, "$"));
            }

            var list = header.Array("messages");
            if (list is null)
            {
                _issues.Add(new ImportIssue(ImportIssueLevel.Warning, "no messages", Path: "$.messages"));
            }

            var i = 0;
            foreach (var message in list?.EnumerateArray() ?? default)
            {
                messages.Add((message, null, $"$.messages[{i++}]"));
            }
        }
        catch (JsonException wholeDocument)
        {
            // Not one JSON document: either the JSON Lines variant, or a broken document (reported with its line).
            var lines = JsonLines.Parse(_content, _issues, out rejected);
            if (lines.Count == 0 || _content.TrimStart().StartsWith("{\n", StringComparison.Ordinal) || _content.TrimStart().StartsWith("{\r\n", StringComparison.Ordinal))
            {
                return AdapterResult.Failed(GeminiAdapter.FormatName, IngestJson.ToIssue(wholeDocument));
            }

            header = lines.Select(l => l.Root).FirstOrDefault(l => l.Str("sessionId") is not null);
            foreach (var (number, root) in lines)
            {
                if (root.Str("type") is not null)
                {
                    messages.Add((root, number, "$"));
                }
                else if (root.Str("sessionId") is null && root.Child("$set") is null)
                {
                    _issues.Add(new ImportIssue(ImportIssueLevel.Warning, "unknown record skipped (neither a message nor session metadata)", number));
                }
            }
        }

        foreach (var (message, line, path) in messages)
        {
            Message(message, line, path);
        }

        _steps.MarkCompletionClaims(_ => true);
        return _steps.Result(GeminiAdapter.FormatName, BuildRun(header), _issues, rejected);
    }

    private void Message(JsonElement message, int? line, string path)
    {
        var id = message.Str("id") ?? (line is { } n ? $"line{n}" : path);
        var at = message.Time("timestamp");
        var text = ContentText(message.Child("content"));
        switch (message.Str("type"))
        {
            case "user":
                _firstUserText ??= text;
                _steps.StartTurn();
                _steps.AddText(id, StepKind.UserMessage, at, input: text);
                break;
            case "gemini":
                Gemini(message, id, at, text);
                break;
            case "info" or "warning":
                _steps.AddText(id, StepKind.Other, at, output: text, name: message.Str("type"));
                break;
            case "error":
                var index = _steps.AddText(id, StepKind.Error, at, output: text, name: "error");
                _steps[index] = _steps[index] with { IsError = true };
                break;
            case var type:
                _issues.Add(new ImportIssue(ImportIssueLevel.Warning, $"unknown message type '{type ?? "(none)"}' skipped", line, line is null ? path : null));
                break;
        }
    }

    private void Gemini(JsonElement message, string id, DateTimeOffset? at, string? text)
    {
        var model = message.Str("model");
        var first = _steps.Count;
        var n = 0;
        foreach (var thought in message.Array("thoughts")?.EnumerateArray() ?? default)
        {
            var subject = thought.Str("subject");
            var description = thought.Str("description");
            var thoughtText = subject is null ? description : description is null ? subject : $"{subject}: {description}";
            _steps.AddText($"{id}:thought{n++}", StepKind.Thought, thought.Time("timestamp") ?? at, output: thoughtText, model: model);
        }

        if (!string.IsNullOrWhiteSpace(text))
        {
            _steps.AddText($"{id}:text", StepKind.AssistantMessage, at, output: text, model: model);
        }

        n = 0;
        foreach (var call in message.Array("toolCalls")?.EnumerateArray() ?? default)
        {
            ToolCall(call, call.Str("id") ?? $"{id}:tool{n}", call.Time("timestamp") ?? at, model);
            n++;
        }

        if (message.Object("tokens") is not { } tokens)
        {
            return;
        }

        var usage = ToTokens(tokens);
        if (usage.IsZero)
        {
            return;
        }

        if (first == _steps.Count)
        {
            _steps.Add($"{id}:usage", StepKind.ModelCall, at, model);
        }

        _steps[first] = _steps[first] with { Tokens = usage };
    }

    private void ToolCall(JsonElement call, string id, DateTimeOffset? at, string? model)
    {
        var name = call.Str("name");
        var args = call.Object("args");
        var output = call.Str("resultDisplay") ?? ResultText(call.Child("result"));
        var status = call.Str("status");
        var failed = status is "error" or "cancelled";
        var (kind, files) = GeminiTools.Map(name, args, output);
        int? exitCode = kind == StepKind.ShellCommand && output is not null && ExitCodeLine().Match(output) is { Success: true } m
            ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;
        var index = _steps.Add(id, kind, at, model);
        _steps[index] = _steps[index] with
        {
            Name = name,
            Command = kind == StepKind.ShellCommand ? args?.Str("command") : null,
            ExitCode = exitCode,
            IsError = status == "error" || exitCode is not (null or 0),
            Files = failed ? [] : files,
            Input = args?.Raw(),
            Output = output,
        };
    }

    private Run BuildRun(JsonElement header)
    {
        var sessionId = header.ValueKind == JsonValueKind.Object ? header.Str("sessionId") : null;
        var times = _steps.Steps.Select(s => s.Timestamp).OfType<DateTimeOffset>().ToArray();
        var summary = header.ValueKind == JsonValueKind.Object ? header.Str("summary") : null;
        return new Run
        {
            Id = SourceIds.Run(GeminiAdapter.FormatName, sessionId, _content),
            SourceFormat = GeminiAdapter.FormatName,
            AgentName = "gemini-cli",
            Project = header.ValueKind == JsonValueKind.Object ? header.Str("projectHash") : null,
            TaskTitle = StepText.Title(_firstUserText ?? summary),
            TaskObjective = StepText.Objective(_firstUserText ?? summary),
            StartedAt = (header.ValueKind == JsonValueKind.Object ? header.Time("startTime") : null) ?? (times.Length > 0 ? times.Min() : null),
            EndedAt = (header.ValueKind == JsonValueKind.Object ? header.Time("lastUpdated") : null) ?? (times.Length > 0 ? times.Max() : null),
        };
    }

    private static TokenUsage ToTokens(JsonElement tokens)
    {
        var cached = tokens.Long("cached") ?? 0;
        var thoughts = tokens.Long("thoughts") ?? 0;
        return new TokenUsage(
            Math.Max(0, (tokens.Long("input") ?? 0) + (tokens.Long("tool") ?? 0) - cached),
            (tokens.Long("output") ?? 0) + thoughts,
            cached,
            0,
            thoughts);
    }

    /// <summary>Message content is a string or a list of parts ({text} or {functionResponse}).</summary>
    private static string? ContentText(JsonElement? content) => content switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Array } parts => string.Join("\n", parts.EnumerateArray().Select(p => p.Str("text")).Where(t => !string.IsNullOrEmpty(t))),
        _ => null,
    };

    /// <summary>A tool result is a list of parts whose functionResponse.response holds output or error.</summary>
    private static string? ResultText(JsonElement? result)
    {
        if (result is not { ValueKind: JsonValueKind.Array } parts)
        {
            return null;
        }

        var texts = parts.EnumerateArray()
            .Select(p => p.Object("functionResponse")?.Object("response") is { } response
                ? response.Str("output") ?? response.Str("error") ?? response.Raw()
                : p.Str("text"))
            .Where(t => !string.IsNullOrEmpty(t))
            .ToArray();
        return texts.Length == 0 ? null : string.Join("\n", texts);
    }

    [GeneratedRegex(@"^\s*Exit Code:\s*(-?\d{1,3})\b", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExitCodeLine();
}

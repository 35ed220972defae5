using Martin360.Analysis.Model;

namespace Martin360.Ingest.Adapters.ClaudeCode;

/// <summary>
/// The fields of one Claude Code session line that the reader uses, read once (see <see cref="ClaudeLineParser"/>).
/// Lenient as <c>Json.Str</c> and friends: a missing, null or wrongly typed field is null; of a repeated key the last wins.
/// </summary>
internal sealed class ClaudeLine
{
    public required int Number { get; init; }
    public string? Type { get; set; }
    public string? Uuid { get; set; }
    public string? ParentUuid { get; set; }
    public bool? IsSidechain { get; set; }
    public bool? IsMeta { get; set; }
    public bool? IsApiErrorMessage { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public string? RequestId { get; set; }
    public decimal? CostUsd { get; set; }
    public string? Summary { get; set; }
    public string? Level { get; set; }
    public string? Content { get; set; }
    public string? Subtype { get; set; }
    public ClaudeMessage? Message { get; set; }
    public ClaudeToolUseResult? ToolUseResult { get; set; }

    // Read only while the run does not know them yet (see ClaudeRunFields).
    public string? SessionId { get; set; }
    public string? Cwd { get; set; }
    public string? Version { get; set; }
    public string? GitBranch { get; set; }
    public string? AgentId { get; set; }

    /// <summary>The record type, or the message's role for lines written without one.</summary>
    public string? TypeOrRole => Type ?? Message?.Role;
}

/// <summary>The line's "message" object.</summary>
internal sealed class ClaudeMessage
{
    public string? Id { get; set; }
    public string? Role { get; set; }
    public string? Model { get; set; }

    /// <summary>"content" when it is a plain string.</summary>
    public string? Text { get; set; }

    /// <summary>The object elements of "content" when it is an array (other elements are not blocks); empty otherwise.</summary>
    public IReadOnlyList<ClaudeBlock> Blocks { get; set; } = [];

    /// <summary>The "usage" object; null when absent or not an object.</summary>
    public TokenUsage? Usage { get; set; }
}

/// <summary>One content block: text, thinking, tool_use or tool_result.</summary>
internal sealed class ClaudeBlock
{
    public string? Type { get; set; }
    public string? Text { get; set; }
    public string? Thinking { get; set; }
    public string? Id { get; set; }
    public string? Name { get; set; }
    public ClaudeToolInput? Input { get; set; }
    public string? ToolUseId { get; set; }
    public bool? IsError { get; set; }

    /// <summary>A tool_result's "content": the string, or its text blocks joined by newlines (images as "[image]").</summary>
    public string? ResultText { get; set; }
}

/// <summary>A tool_use's "input" object: its compact JSON text and the fields the reader maps.</summary>
internal sealed class ClaudeToolInput
{
    public required string Raw { get; init; }
    public string? Command { get; set; }
    public string? FilePath { get; set; }
    public string? NotebookPath { get; set; }
    public string? Prompt { get; set; }
    public string? SubagentType { get; set; }
    public string? Description { get; set; }
}

/// <summary>The line's "toolUseResult" when it is an object.</summary>
internal sealed class ClaudeToolUseResult
{
    public string? Stdout { get; set; }
    public string? Stderr { get; set; }
    public long? ExitCode { get; set; }
    public bool? Interrupted { get; set; }
    public string? Type { get; set; }
}

/// <summary>Fields of the run that every line repeats: the first non-empty value of each, in line order.</summary>
internal sealed class ClaudeRunFields
{
    public string? SessionId { get; private set; }
    public string? Cwd { get; private set; }
    public string? Version { get; private set; }
    public string? GitBranch { get; private set; }
    public string? AgentId { get; private set; }

    public void Take(ClaudeLine line)
    {
        SessionId ??= NonEmpty(line.SessionId);
        Cwd ??= NonEmpty(line.Cwd);
        Version ??= NonEmpty(line.Version);
        GitBranch ??= NonEmpty(line.GitBranch);
        AgentId ??= NonEmpty(line.AgentId);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

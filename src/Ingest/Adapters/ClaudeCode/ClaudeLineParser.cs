using System.Runtime.CompilerServices;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Martin360.Analysis.Model;

namespace Martin360.Ingest.Adapters.ClaudeCode;

/// <summary>
/// Reads one Claude Code session line straight from its UTF-8 bytes into a <see cref="ClaudeLine"/>: one forward pass
/// of a <see cref="Utf8JsonReader"/>, strings made only for the fields the reader maps, nothing kept of the JSON itself.
/// A session is mostly large tool results and messages, so building a document per line (and looking each field up
/// by name again and again) cost more than the whole mapping. The reader validates the whole line as
/// <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> does, with the same errors.
/// </summary>
internal static class ClaudeLineParser
{
    /// <summary>The line, or false for valid JSON that is not an object. Throws <see cref="JsonException"/> for invalid JSON.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> utf8, int number, ClaudeRunFields run, out ClaudeLine line)
    {
        line = new ClaudeLine { Number = number };
        var reader = new Utf8JsonReader(utf8);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                reader.Read();
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                ReadRootProperty(ref reader, utf8, line, run);
            }

            // Anything after the object is an error, as for a document.
            reader.Read();
            return true;
        }
        catch (InvalidOperationException exception)
        {
            // A string escaping half a surrogate pair ("\ud800") is valid JSON but no text: the line is unreadable.
            throw new JsonException(exception.Message, null, 0, reader.TokenStartIndex, exception);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadRootProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8, ClaudeLine line, ClaudeRunFields run)
    {
        if (reader.ValueTextEquals("type"u8))
        {
            line.Type = Str(ref reader);
        }
        else if (reader.ValueTextEquals("uuid"u8))
        {
            line.Uuid = Str(ref reader);
        }
        else if (reader.ValueTextEquals("parentUuid"u8))
        {
            line.ParentUuid = Str(ref reader);
        }
        else if (reader.ValueTextEquals("isSidechain"u8))
        {
            line.IsSidechain = Bool(ref reader);
        }
        else if (reader.ValueTextEquals("timestamp"u8))
        {
            line.Timestamp = Time(ref reader);
        }
        else if (reader.ValueTextEquals("message"u8))
        {
            line.Message = Next(ref reader) == JsonTokenType.StartObject ? ReadMessage(ref reader, utf8) : Skip(ref reader, (ClaudeMessage?)null);
        }
        else if (reader.ValueTextEquals("toolUseResult"u8))
        {
            line.ToolUseResult = Next(ref reader) == JsonTokenType.StartObject ? ReadToolUseResult(ref reader) : Skip(ref reader, (ClaudeToolUseResult?)null);
        }
        else if (reader.ValueTextEquals("requestId"u8))
        {
            line.RequestId = Str(ref reader);
        }
        else if (reader.ValueTextEquals("isMeta"u8))
        {
            line.IsMeta = Bool(ref reader);
        }
        else if (reader.ValueTextEquals("isApiErrorMessage"u8))
        {
            line.IsApiErrorMessage = Bool(ref reader);
        }
        else if (reader.ValueTextEquals("costUSD"u8))
        {
            line.CostUsd = Decimal(ref reader);
        }
        else if (reader.ValueTextEquals("summary"u8))
        {
            line.Summary = Str(ref reader);
        }
        else if (reader.ValueTextEquals("level"u8))
        {
            line.Level = Str(ref reader);
        }
        else if (reader.ValueTextEquals("content"u8))
        {
            line.Content = Str(ref reader);
        }
        else if (reader.ValueTextEquals("subtype"u8))
        {
            line.Subtype = Str(ref reader);
        }

        // Run fields repeat on every line; only the first line that has one is needed (ClaudeRunFields.Take).
        else if (reader.ValueTextEquals("sessionId"u8))
        {
            line.SessionId = run.SessionId is null ? Str(ref reader) : Skip(ref reader, line.SessionId);
        }
        else if (reader.ValueTextEquals("cwd"u8))
        {
            line.Cwd = run.Cwd is null ? Str(ref reader) : Skip(ref reader, line.Cwd);
        }
        else if (reader.ValueTextEquals("version"u8))
        {
            line.Version = run.Version is null ? Str(ref reader) : Skip(ref reader, line.Version);
        }
        else if (reader.ValueTextEquals("gitBranch"u8))
        {
            line.GitBranch = run.GitBranch is null ? Str(ref reader) : Skip(ref reader, line.GitBranch);
        }
        else if (reader.ValueTextEquals("agentId"u8))
        {
            line.AgentId = run.AgentId is null ? Str(ref reader) : Skip(ref reader, line.AgentId);
        }
        else
        {
            Skip(ref reader, 0);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ClaudeMessage ReadMessage(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8)
    {
        var message = new ClaudeMessage();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("content"u8))
            {
                message.Text = null;
                message.Blocks = [];
                switch (Next(ref reader))
                {
                    case JsonTokenType.String:
                        message.Text = String(ref reader);
                        break;
                    case JsonTokenType.StartArray:
                        message.Blocks = ReadBlocks(ref reader, utf8);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                message.Id = Str(ref reader);
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                message.Role = Str(ref reader);
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                message.Model = Str(ref reader);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                message.Usage = Next(ref reader) == JsonTokenType.StartObject ? ReadUsage(ref reader) : Skip(ref reader, (TokenUsage?)null);
            }
            else
            {
                Skip(ref reader, 0);
            }
        }

        return message;
    }

    /// <summary>The object elements of a content array; anything else in it is not a block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<ClaudeBlock> ReadBlocks(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8)
    {
        var blocks = new List<ClaudeBlock>(1);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            var block = new ClaudeBlock();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    block.Type = Str(ref reader);
                }
                else if (reader.ValueTextEquals("text"u8))
                {
                    block.Text = Str(ref reader);
                }
                else if (reader.ValueTextEquals("thinking"u8))
                {
                    block.Thinking = Str(ref reader);
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    block.Id = Str(ref reader);
                }
                else if (reader.ValueTextEquals("name"u8))
                {
                    block.Name = Str(ref reader);
                }
                else if (reader.ValueTextEquals("input"u8))
                {
                    block.Input = Next(ref reader) == JsonTokenType.StartObject ? ReadToolInput(ref reader, utf8) : Skip(ref reader, (ClaudeToolInput?)null);
                }
                else if (reader.ValueTextEquals("tool_use_id"u8))
                {
                    block.ToolUseId = Str(ref reader);
                }
                else if (reader.ValueTextEquals("is_error"u8))
                {
                    block.IsError = Bool(ref reader);
                }
                else if (reader.ValueTextEquals("content"u8))
                {
                    block.ResultText = ReadResultText(ref reader);
                }
                else
                {
                    Skip(ref reader, 0);
                }
            }

            blocks.Add(block);
        }

        return blocks;
    }

    /// <summary>The arguments' own text (as the trace wrote them) and the fields tools are mapped by.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ClaudeToolInput ReadToolInput(ref Utf8JsonReader reader, ReadOnlySpan<byte> utf8)
    {
        var start = (int)reader.TokenStartIndex;
        string? command = null, filePath = null, notebookPath = null, prompt = null, subagentType = null, description = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("command"u8))
            {
                command = Str(ref reader);
            }
            else if (reader.ValueTextEquals("file_path"u8))
            {
                filePath = Str(ref reader);
            }
            else if (reader.ValueTextEquals("notebook_path"u8))
            {
                notebookPath = Str(ref reader);
            }
            else if (reader.ValueTextEquals("prompt"u8))
            {
                prompt = Str(ref reader);
            }
            else if (reader.ValueTextEquals("subagent_type"u8))
            {
                subagentType = Str(ref reader);
            }
            else if (reader.ValueTextEquals("description"u8))
            {
                description = Str(ref reader);
            }
            else
            {
                Skip(ref reader, 0);
            }
        }

        return new ClaudeToolInput
        {
            Raw = Encoding.UTF8.GetString(utf8[start..(int)reader.BytesConsumed]),
            Command = command,
            FilePath = filePath,
            NotebookPath = notebookPath,
            Prompt = prompt,
            SubagentType = subagentType,
            Description = description,
        };
    }

    /// <summary>A tool_result's content: a string, or its text blocks joined by newlines (an image as "[image]").</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? ReadResultText(ref Utf8JsonReader reader)
    {
        switch (Next(ref reader))
        {
            case JsonTokenType.String:
                return String(ref reader);
            case JsonTokenType.StartArray:
                break;
            default:
                reader.Skip();
                return null;
        }

        // Mostly one text block: a list only from the second part on.
        string? first = null;
        List<string>? parts = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            string? type = null, text = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    type = Str(ref reader);
                }
                else if (reader.ValueTextEquals("text"u8))
                {
                    text = Str(ref reader);
                }
                else
                {
                    Skip(ref reader, 0);
                }
            }

            var part = type switch { "text" => text, "image" => "[image]", _ => null };
            if (part is null)
            {
                continue;
            }

            if (first is null)
            {
                first = part;
            }
            else
            {
                (parts ??= [first]).Add(part);
            }
        }

        return parts is not null ? string.Join("\n", parts) : first ?? "";
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TokenUsage ReadUsage(ref Utf8JsonReader reader)
    {
        long? input = null, output = null, cacheRead = null, cacheWrite = null, cacheWrite1h = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("input_tokens"u8))
            {
                input = Long(ref reader);
            }
            else if (reader.ValueTextEquals("output_tokens"u8))
            {
                output = Long(ref reader);
            }
            else if (reader.ValueTextEquals("cache_read_input_tokens"u8))
            {
                cacheRead = Long(ref reader);
            }
            else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
            {
                cacheWrite = Long(ref reader);
            }
            else if (reader.ValueTextEquals("cache_creation"u8))
            {
                cacheWrite1h = null;
                if (Next(ref reader) != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("ephemeral_1h_input_tokens"u8))
                    {
                        cacheWrite1h = Long(ref reader);
                    }
                    else
                    {
                        Skip(ref reader, 0);
                    }
                }
            }
            else
            {
                Skip(ref reader, 0);
            }
        }

        return new TokenUsage(input ?? 0, output ?? 0, cacheRead ?? 0, cacheWrite ?? 0) { CacheWrite1h = cacheWrite1h ?? 0 };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ClaudeToolUseResult ReadToolUseResult(ref Utf8JsonReader reader)
    {
        var result = new ClaudeToolUseResult();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("stdout"u8))
            {
                result.Stdout = Str(ref reader);
            }
            else if (reader.ValueTextEquals("stderr"u8))
            {
                result.Stderr = Str(ref reader);
            }
            else if (reader.ValueTextEquals("exitCode"u8))
            {
                result.ExitCode = Long(ref reader);
            }
            else if (reader.ValueTextEquals("interrupted"u8))
            {
                result.Interrupted = Bool(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                result.Type = Str(ref reader);
            }
            else
            {
                Skip(ref reader, 0);
            }
        }

        return result;
    }

    /// <summary>Moves from a property name to its value.</summary>
    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType;
    }

    /// <summary>Skips the value of the current property and answers <paramref name="result"/>.</summary>
    private static T Skip<T>(ref Utf8JsonReader reader, T result)
    {
        reader.Skip();
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? Str(ref Utf8JsonReader reader) =>
        Next(ref reader) == JsonTokenType.String ? String(ref reader) : Skip(ref reader, (string?)null);

    /// <summary>
    /// The current string token. Tool output is full of escapes (\n, \"), and GetString unescapes into a buffer it then
    /// zeroes before returning it: unescaping into a buffer of our own halves the cost of the largest strings.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string String(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.GetString()!;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            return Encoding.UTF8.GetString(buffer, 0, reader.CopyString(buffer));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long? Long(ref Utf8JsonReader reader) =>
        Next(ref reader) == JsonTokenType.Number ? (reader.TryGetInt64(out var value) ? value : null) : Skip(ref reader, (long?)null);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static decimal? Decimal(ref Utf8JsonReader reader) =>
        Next(ref reader) == JsonTokenType.Number ? (reader.TryGetDecimal(out var value) ? value : null) : Skip(ref reader, (decimal?)null);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool? Bool(ref Utf8JsonReader reader) => Next(ref reader) switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => Skip(ref reader, (bool?)null),
    };

    /// <summary>
    /// A timestamp as <c>Json.Time</c> reads it (DateTimeOffset.TryParse, invariant, UTC when no offset is given).
    /// Claude Code writes ISO 8601 in UTC ("2025-08-04T10:00:00.123Z"), which the reader's own ISO parser reads to the
    /// same instant without the general parser's cost; anything else takes the general parser.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static DateTimeOffset? Time(ref Utf8JsonReader reader)
    {
        if (Next(ref reader) != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        if (!reader.ValueIsEscaped && reader.ValueSpan is { Length: >= 20 and <= 28 } span && span[^1] == (byte)'Z'
            && reader.TryGetDateTimeOffset(out var utc))
        {
            return utc;
        }

        return DateTimeOffset.TryParse(String(ref reader), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
    }
}

using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters;
using Martin360.Tests.Shared;

namespace Martin360.Ingest.Tests.Adapters;

/// <summary>Gemini CLI sessions: the sample in ../shared/traces/gemini (read with jq .) and constructed variants.</summary>
public sealed class GeminiAdapterTests
{
    private static readonly TraceFormats s_formats = TraceFormats.CreateDefault();

    private const string SessionWithTokens = """
        {
          "sessionId": "g-1",
          "projectHash": "p1",
          "startTime": "2025-10-01T09:00:00Z",
          "lastUpdated": "2025-10-01T09:05:00Z",
          "messages": [
            {"id": "u1", "timestamp": "2025-10-01T09:00:00Z", "type": "user", "content": "make the tests pass"},
            {"id": "a1", "timestamp": "2025-10-01T09:00:10Z", "type": "gemini", "content": "", "model": "gemini-2.5-pro",
             "tokens": {"input": 1200, "output": 100, "cached": 200, "thoughts": 50, "tool": 0, "total": 1350},
             "toolCalls": [
               {"id": "t1", "name": "run_shell_command", "args": {"command": "npm test"}, "status": "success",
                "resultDisplay": "Command: npm test\nStdout: 1 failing\nExit Code: 1"},
               {"id": "t2", "name": "replace", "args": {"file_path": "/w/src/sum.js", "old_string": "a-b", "new_string": "a+b"}, "status": "success"},
               {"id": "t3", "name": "write_file", "args": {"file_path": "/w/src/new.js", "content": "x"}, "status": "error"}
             ]},
            {"id": "a2", "timestamp": "2025-10-01T09:01:00Z", "type": "gemini", "content": "All tests pass now.", "model": "gemini-2.5-pro"}
          ]
        }
        """;

    [Fact]
    public void Read_ToolCallsSample_MapsThoughtTextAndReadFile()
    {
        var content = TraceFiles.Read("gemini/tool_calls.json");
        Assert.IsType<GeminiAdapter>(s_formats.Detect(content));

        var result = s_formats.ReadEnriched("g", content);

        Assert.Empty(result.Issues);
        var trace = Assert.Single(result.Traces);

        // messages: user "Read this file"; gemini "Let me read it." with 1 thought and 1 read_file call on main.go.
        Assert.Equal([StepKind.UserMessage, StepKind.Thought, StepKind.AssistantMessage, StepKind.FileRead], trace.Steps.Select(s => s.Kind));
        Assert.Equal("Planning: I need to read the file first.", trace.Steps[1].Output);
        Assert.Equal(new FileTouch("main.go", FileAction.Read), Assert.Single(trace.Steps[3].Files));
        Assert.Equal("read_file", trace.Steps[3].Name);
        Assert.Equal("gemini-2.5-pro", trace.Steps[3].Model);
        Assert.Equal("sess-uuid-2", trace.Run.Id);
        Assert.Equal("abc123def456", trace.Run.Project);
        Assert.Equal("Read this file", trace.Run.TaskTitle);
        Assert.Equal(DateTimeOffset.Parse("2024-01-01T10:00:05Z", System.Globalization.CultureInfo.InvariantCulture), trace.Run.EndedAt);

        // No tokens in the file: cost unknown, never 0.
        Assert.Null(trace.Run.CostUsd);
        Assert.Equal(CostProvenance.Unknown, trace.Run.CostProvenance);
    }

    [Fact]
    public void Read_SessionWithTokens_MapsToolsExitCodesAndComputesCost()
    {
        var trace = Assert.Single(s_formats.ReadEnriched("g", SessionWithTokens).Traces);

        var shell = Assert.Single(trace.Steps, s => s.Kind == StepKind.VerifierRun);
        Assert.Equal("npm test", shell.Command);
        Assert.Equal(1, shell.ExitCode);
        Assert.True(shell.IsError);
        Assert.Equal(new FileTouch("/w/src/sum.js", FileAction.Edit), Assert.Single(Assert.Single(trace.Steps, s => s.Kind == StepKind.FileEdit).Files));
        var failedWrite = Assert.Single(trace.Steps, s => s.Kind == StepKind.FileCreate);
        Assert.True(failedWrite.IsError);
        Assert.Empty(failedWrite.Files);
        Assert.Equal(StepKind.CompletionClaim, trace.Steps[^1].Kind);

        // Input without the cached part, thoughts billed as output.
        Assert.Equal(new TokenUsage(1000, 150, 200, 0, 50), shell.Tokens);

        // gemini-2.5-pro: 1.25 in, 0.125 cached, 10 out per million: 1000*1.25 + 200*0.125 + 150*10 = 2775 per million.
        Assert.Equal(0.002775m, trace.Run.CostUsd);
        Assert.Equal(CostProvenance.Computed, trace.Run.CostProvenance);
    }

    [Fact]
    public void Read_JsonLinesVariant_ReadsHeaderAndMessagesAndWarnsAboutUnknownRecords()
    {
        const string content = """
            {"sessionId":"g-2","projectHash":"p2","startTime":"2025-10-01T09:00:00Z"}
            {"id":"u1","timestamp":"2025-10-01T09:00:00Z","type":"user","content":[{"text":"list files"}]}
            {"id":"a1","timestamp":"2025-10-01T09:00:02Z","type":"gemini","content":"","model":"gemini-2.5-flash","toolCalls":[{"id":"t1","name":"glob","args":{"pattern":"*"},"status":"success"}]}
            {"$set":{"lastUpdated":"2025-10-01T09:00:03Z"}}
            {"mystery":true}
            """;

        var result = s_formats.ReadEnriched("g", content);

        Assert.Equal("gemini", result.Format);
        var warning = Assert.Single(result.Issues);
        Assert.Equal(5, warning.Line);
        var trace = Assert.Single(result.Traces);
        Assert.Equal("g-2", trace.Run.Id);
        Assert.Equal([StepKind.UserMessage, StepKind.Search], trace.Steps.Select(s => s.Kind));
        Assert.Equal("list files", trace.Run.TaskTitle);
    }

    [Fact]
    public void Read_TruncatedDocument_FailsWithTheLineNumber()
    {
        var content = TraceFiles.Read("gemini/tool_calls.json");
        var cut = content[..content.IndexOf("\"toolCalls\"", StringComparison.Ordinal)];

        // sessionId and projectHash come after the messages in this file, so the cut text is read as named.
        var result = s_formats.ReadEnriched("g", cut, "gemini");

        Assert.Empty(result.Traces);
        var error = Assert.Single(result.Issues);
        Assert.Equal(ImportIssueLevel.Error, error.Level);
        Assert.NotNull(error.Line);
        Assert.Equal(cut.Count(c => c == '\n') + 1, error.Line);
    }
}

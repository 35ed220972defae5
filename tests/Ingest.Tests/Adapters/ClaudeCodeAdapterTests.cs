using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters;
using Martin360.Tests.Shared;

namespace Martin360.Ingest.Tests.Adapters;

/// <summary>
/// Claude Code sessions from ../shared/traces/claude-code. Expected counts were established with jq/python on
/// the files themselves (commands in the comments), not from the adapter's output.
/// Token totals: one API response spans several lines sharing message.id + requestId; counting each response once
/// with its last line's usage (python: dict keyed by (message.id, requestId), last value wins, summed) gives the
/// figures below, which are also what ccusage 20.0.24 reports for these files.
/// </summary>
public sealed class ClaudeCodeAdapterTests
{
    private static readonly TraceFormats s_formats = TraceFormats.CreateDefault();

    private static (AdapterResult Result, Trace Trace) Import(string file)
    {
        var result = s_formats.ReadEnriched(file, TraceFiles.Read("claude-code/" + file));
        Assert.Equal("claude-code", result.Format);
        Assert.DoesNotContain(result.Issues, i => i.Level == ImportIssueLevel.Error);
        return (result, Assert.Single(result.Traces));
    }

    private static int Count(Trace trace, StepKind kind) => trace.Steps.Count(s => s.Kind == kind);

    [Theory]
    [InlineData("1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl")]
    [InlineData("5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl")]
    [InlineData("agent-test-hash-123.jsonl")]
    [InlineData("ccusage_claude_chat.jsonl")]
    [InlineData("ccusage_statusline-test.json")]
    [InlineData("claude-code-log_representative_messages.jsonl")]
    [InlineData("fe5e1c67-53e7-4862-81ae-d0e013e3270b.jsonl")]
    public void Detect_EveryClaudeCodeSample_IsClaudeCode(string file)
    {
        var adapter = s_formats.Detect(TraceFiles.Read("claude-code/" + file));

        Assert.IsType<ClaudeCodeAdapter>(adapter);
    }

    [Fact]
    public void Read_InitSession_MapsToolsTokensAndTheFalseClaim()
    {
        var (_, trace) = Import("1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl");

        // jq '.message.content[]?|select(.type=="tool_use")|.name': Bash 2, Glob 6, TodoWrite 3, Write 1.
        Assert.Equal(2, Count(trace, StepKind.ShellCommand));
        Assert.Equal(6, Count(trace, StepKind.Search));
        Assert.Equal(3, Count(trace, StepKind.Thought));
        Assert.Equal(1, Count(trace, StepKind.FileCreate));

        // 2 user text lines (the /init command and its meta expansion); 3 non-empty assistant text blocks.
        Assert.Equal(2, Count(trace, StepKind.UserMessage));
        Assert.Equal(3, Count(trace, StepKind.AssistantMessage) + Count(trace, StepKind.CompletionClaim));

        // The one Write was refused ("Claude requested permissions to write ... haven't granted it yet"),
        // so nothing was written, yet the final message says "I've created a basic CLAUDE.md file".
        var write = Assert.Single(trace.Steps, s => s.Name == "Write");
        Assert.True(write.IsError);
        Assert.Empty(write.Files);
        var claim = Assert.Single(trace.Steps, s => s.Kind == StepKind.CompletionClaim);
        Assert.StartsWith("I've created a basic CLAUDE.md", claim.Output, StringComparison.Ordinal);
        Assert.Equal(trace.Steps[^1].Id, claim.Id);

        // 7 distinct (message.id, requestId) pairs; usage counted once each.
        Assert.Equal(7, trace.Steps.Count(s => !s.Tokens.IsZero));
        Assert.Equal(new TokenUsage(93, 953, 103219, 12698), trace.Run.Tokens);

        // claude-sonnet-4: 93*3 + 953*15 + 103219*0.3 + 12698*3.75 per million = 0.0931572 USD.
        Assert.Equal(0.0931572m, trace.Run.CostUsd);
        Assert.Equal(CostProvenance.Computed, trace.Run.CostProvenance);

        Assert.Equal("1af7fc5e-8455-4414-9ccd-011d40f70b2a", trace.Run.Id);
        Assert.Equal("Demo", trace.Run.Project);
        Assert.Equal("/init", trace.Run.TaskTitle);
        Assert.Equal("1.0.98", trace.Run.AgentVersion);
        Assert.Null(trace.Run.ExitReason);
    }

    [Fact]
    public void Read_OrchestratorSession_AttributesSidechainStepsToTheirSubAgents()
    {
        var (_, trace) = Import("5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl");

        // Two sidechain roots (parentUuid null, isSidechain true) whose text equals the prompt of a Task call;
        // the third Task call had no prompt and failed (InputValidationError).
        var agents = trace.Steps.Where(s => s.Agent is not null).GroupBy(s => s.Agent!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(["general-purpose: Analyze current project structure", "general-purpose: Check package configuration"], agents.Keys.Order());

        // Sidechain lines grouped by the root of their parentUuid chain (python): 7 and 15 lines; their user text
        // lines plus non-empty text/tool_use blocks of their assistant lines give 5 and 9 steps.
        Assert.Equal(5, agents["general-purpose: Check package configuration"].Count);
        Assert.Equal(9, agents["general-purpose: Analyze current project structure"].Count);
        var task = Assert.Single(trace.Steps, s => s.Id == agents["general-purpose: Check package configuration"][0].ParentStepId);
        Assert.Equal("Task", task.Name);
        Assert.Equal(StepKind.ToolCall, task.Kind);

        // 3 is_error tool results: Bash, Edit, Task.
        Assert.Equal(["Bash", "Edit", "Task"], trace.Steps.Where(s => s.IsError).Select(s => s.Name).Order());

        // Read 3 (two distinct files), Edit + MultiEdit on CLAUDE.md (the Edit failed).
        Assert.Equal(3, Count(trace, StepKind.FileRead));
        Assert.Equal(2, Count(trace, StepKind.FileEdit));
        Assert.Equal(["/path/to/Demo/CLAUDE.md"], trace.Steps.SelectMany(s => s.Files).Where(f => f.Action == FileAction.Edit).Select(f => f.Path).Distinct());

        // 20 distinct responses.
        Assert.Equal(new TokenUsage(129, 3629, 324259, 47747), trace.Run.Tokens);
        Assert.Equal(0.33115095m, trace.Run.CostUsd);
        Assert.Equal("main", trace.Run.Branch);

        // The final message is in Japanese ("...アップデートしました"); the English-only heuristic does not claim it.
        Assert.Equal(0, Count(trace, StepKind.CompletionClaim));
    }

    [Fact]
    public void Read_TodoAppSession_CountsEveryStepKindAndBothTurnClaims()
    {
        var (result, trace) = Import("fe5e1c67-53e7-4862-81ae-d0e013e3270b.jsonl");

        Assert.Empty(result.Issues);

        // tool_use names (jq): Bash 61, BashOutput 5, Edit 8, Glob 2, KillBash 3, MultiEdit 3, Read 28, Task 5, TodoWrite 19, Write 33.
        // 3 of the 33 Write results say toolUseResult.type "update": they are edits.
        // Enrichment recounts 7 of the 61 Bash calls as verifier runs (builds and type checks are verifiers):
        // `npx tsc --noEmit` at file lines 201, 277, 288 and `npm run build` at 402, 405, 408, 411.
        Assert.Equal(61 - 7, Count(trace, StepKind.ShellCommand));
        Assert.Equal(7, Count(trace, StepKind.VerifierRun));
        Assert.Equal(30, Count(trace, StepKind.FileCreate));
        Assert.Equal(8 + 3 + 3, Count(trace, StepKind.FileEdit));
        Assert.Equal(28, Count(trace, StepKind.FileRead));
        Assert.Equal(2, Count(trace, StepKind.Search));
        Assert.Equal(19, Count(trace, StepKind.Thought));
        Assert.Equal(5 + 5 + 3, Count(trace, StepKind.ToolCall));

        // 95 non-empty text blocks, two of which end a main-agent turn with a claim; 8 user text lines
        // (3 main-thread incl. the meta expansion, 5 sub-agent prompts).
        Assert.Equal(95, Count(trace, StepKind.AssistantMessage) + Count(trace, StepKind.CompletionClaim));
        Assert.Equal(8, Count(trace, StepKind.UserMessage));
        var claims = trace.Steps.Where(s => s.Kind == StepKind.CompletionClaim).ToArray();
        Assert.Equal(2, claims.Length);
        Assert.Contains("I've successfully created a fully functional TODO app", claims[0].Output, StringComparison.Ordinal);
        Assert.StartsWith("CLAUDE.md has been created", claims[1].Output, StringComparison.Ordinal);
        Assert.All(claims, c => Assert.Null(c.Agent));

        // 23 is_error tool results; the 52 Bash calls without error exited 0.
        Assert.Equal(23, trace.Steps.Count(s => s.IsError));
        Assert.Equal(52, trace.Steps.Count(s => s.Kind is StepKind.ShellCommand or StepKind.VerifierRun && s.ExitCode == 0));

        // Five Task calls, each with a prompt that matches one sidechain root.
        Assert.Equal(5, trace.Steps.Where(s => s.Agent is not null).Select(s => s.Agent).Distinct().Count());
        Assert.All(trace.Steps.Where(s => s.Agent is not null), s => Assert.Equal("general-purpose", s.Role));

        // Successful Write/Edit/MultiEdit/Read file paths (python over tool_use + tool_result): 25 created, 5 edited, 21 read.
        var files = trace.Steps.SelectMany(s => s.Files).Distinct().ToArray();
        Assert.Equal(25, files.Count(f => f.Action == FileAction.Create));
        Assert.Equal(5, files.Count(f => f.Action == FileAction.Edit));
        Assert.Equal(21, files.Count(f => f.Action == FileAction.Read));

        // 170 distinct responses.
        Assert.Equal(170, trace.Steps.Count(s => !s.Tokens.IsZero));
        Assert.Equal(new TokenUsage(818, 51933, 3647854, 137976), trace.Run.Tokens);
        Assert.Equal(2.3932152m, trace.Run.CostUsd);
        Assert.Equal("/orchestrator create TODO app by Next.js", trace.Run.TaskTitle);
    }

    [Fact]
    public void Read_SubAgentFile_IsARunUnderItsParentSession()
    {
        var (_, trace) = Import("agent-test-hash-123.jsonl");

        Assert.Equal("5c0375b4-57a5-4f26-b12d-d022ee4e51b7", trace.Run.ParentRunId);
        Assert.StartsWith("5c0375b4-57a5-4f26-b12d-d022ee4e51b7:agent:", trace.Run.Id, StringComparison.Ordinal);
        Assert.Equal("sub-agent", trace.Run.AgentRole);
        Assert.Equal([StepKind.UserMessage, StepKind.AssistantMessage], trace.Steps.Select(s => s.Kind));
        Assert.Equal("Run the test suite", trace.Run.TaskTitle);
        Assert.Equal(new TokenUsage(100, 10), trace.Run.Tokens);

        // 100*3 + 10*15 per million.
        Assert.Equal(0.00045m, trace.Run.CostUsd);
    }

    [Fact]
    public void Read_UsageOnlyFileWithCostUsd_KeepsTheReportedCost()
    {
        var (_, trace) = Import("ccusage_claude_chat.jsonl");

        // Three lines, each its own response with costUSD 0.12, 0.34, 0.56.
        Assert.Equal([0.12m, 0.34m, 0.56m], trace.Steps.Select(s => s.CostUsd!.Value));
        Assert.All(trace.Steps, s => Assert.Equal(CostProvenance.Reported, s.CostProvenance));
        Assert.Equal(1.02m, trace.Run.CostUsd);
        Assert.Equal(CostProvenance.Reported, trace.Run.CostProvenance);
        Assert.Equal(new TokenUsage(600, 250, 70, 75), trace.Run.Tokens);
        Assert.Equal(["claude-sonnet-4-20250514", "claude-opus-4-20250514", "claude-sonnet-4-20250514"], trace.Steps.Select(s => s.Model));
    }

    [Fact]
    public void Read_RepresentativeMessages_PairsToolResultsAndReadsTheSummaryLine()
    {
        var (result, trace) = Import("claude-code-log_representative_messages.jsonl");

        Assert.Empty(result.Issues);
        Assert.Equal(4, Count(trace, StepKind.UserMessage));
        var edit = Assert.Single(trace.Steps, s => s.Kind == StepKind.FileEdit);
        Assert.Equal(new FileTouch("/tmp/decorator_example.py", FileAction.Edit), Assert.Single(edit.Files));
        Assert.Equal("File created successfully at: /tmp/decorator_example.py", edit.Output);
        Assert.Equal(TimeSpan.FromSeconds(1), edit.Duration);
        var bash = Assert.Single(trace.Steps, s => s.Kind == StepKind.ShellCommand);
        Assert.Equal("python /tmp/decorator_example.py", bash.Command);
        Assert.Equal("Hello, Alice!\nHello, Alice!\nHello, Alice!", bash.Output);
        Assert.Equal(0, bash.ExitCode);

        // input 25+45+78+25+45, output 120+85+95+35+110 (five responses, claude-3-sonnet at 3/15 per million).
        Assert.Equal(new TokenUsage(218, 445), trace.Run.Tokens);
        Assert.Equal(0.007329m, trace.Run.CostUsd);

        // "Perfect! I've created an example ..." ends the second turn; "Perfect! As you can see ..." ends the third without claiming.
        var claim = Assert.Single(trace.Steps, s => s.Kind == StepKind.CompletionClaim);
        Assert.StartsWith("Perfect! I've created an example", claim.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StatuslineSnapshot_IsATotalsOnlyRunWithReportedCost()
    {
        var result = s_formats.ReadEnriched("s.json", TraceFiles.Read("claude-code/ccusage_statusline-test.json"));

        var trace = Assert.Single(result.Traces);
        Assert.Empty(trace.Steps);
        Assert.Equal(0.056266149999999994m, trace.Run.CostUsd);
        Assert.Equal(CostProvenance.Reported, trace.Run.CostProvenance);
        Assert.Equal(new TokenUsage(42500, 3200), trace.Run.Tokens);
        Assert.Equal("statusline:73cc9f9a-2775-4418-beec-bc36b62a1c6f", trace.Run.Id);
        Assert.Equal(ImportIssueLevel.Warning, Assert.Single(result.Issues).Level);
    }

    [Fact]
    public void Read_SameFileTwice_GivesTheSameIds()
    {
        var content = TraceFiles.Read("claude-code/5c0375b4-57a5-4f26-b12d-d022ee4e51b7.jsonl");

        var first = Assert.Single(s_formats.ReadEnriched("a", content).Traces);
        var second = Assert.Single(s_formats.ReadEnriched("b", content).Traces);

        Assert.Equal(first.Run.Id, second.Run.Id);
        Assert.Equal(first.Steps.Select(s => s.Id), second.Steps.Select(s => s.Id));
        Assert.Equal(first.Steps.Count, first.Steps.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void Read_TruncatedLine_ReportsItsLineAndImportsTheRest()
    {
        var lines = TraceFiles.Read("claude-code/1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl").Split('\n');
        var full = Assert.Single(s_formats.ReadEnriched("full", string.Join('\n', lines)).Traces);

        // Line 5 is the user line carrying the first TodoWrite's tool_result (sed -n 5p): cut it in half.
        lines[4] = lines[4][..(lines[4].Length / 2)];
        var result = s_formats.ReadEnriched("cut", string.Join('\n', lines));

        var error = Assert.Single(result.Issues, i => i.Level == ImportIssueLevel.Error);
        Assert.Equal(5, error.Line);
        Assert.Equal(1, result.RejectedRecords);
        var trace = Assert.Single(result.Traces);
        Assert.Equal(full.Steps.Count, trace.Steps.Count);
        Assert.Null(trace.Steps.Single(s => s.Id == "toolu_01FHpVtawG6NqQ943umBMky8").Output);
        Assert.NotNull(full.Steps.Single(s => s.Id == "toolu_01FHpVtawG6NqQ943umBMky8").Output);
    }

    [Fact]
    public void Read_UnknownRecordType_IsAWarningNamingTheLine()
    {
        var content = TraceFiles.Read("claude-code/agent-test-hash-123.jsonl").TrimEnd()
            + "\n{\"type\":\"hologram\",\"sessionId\":\"5c0375b4-57a5-4f26-b12d-d022ee4e51b7\",\"uuid\":\"x\"}\n";

        var result = s_formats.ReadEnriched("x", content);

        var warning = Assert.Single(result.Issues);
        Assert.Equal(ImportIssueLevel.Warning, warning.Level);
        Assert.Equal(3, warning.Line);
        Assert.Contains("hologram", warning.Message, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(result.Traces).Steps.Count);
    }

    [Fact]
    public void Read_LongTestOutputWithItsSummaryAtTheEnd_IsStillRecognisedAsAFailedVerifierRun()
    {
        // 40k characters of passing dots, then the summary pytest prints last: the adapter must not cut it away.
        var output = new string('.', 40_000) + "\nFAILED tests/test_x.py::test_edge - AssertionError\n1 failed, 300 passed in 9.10s";
        var content = string.Join('\n',
            """{"type":"assistant","sessionId":"s1","uuid":"a1","requestId":"r1","timestamp":"2025-01-01T00:00:00Z","message":{"id":"m1","role":"assistant","model":"claude-sonnet-4-20250514","content":[{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"pytest -q"}}]}}""",
            "{\"type\":\"user\",\"sessionId\":\"s1\",\"uuid\":\"u1\",\"timestamp\":\"2025-01-01T00:00:10Z\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"" + output.Replace("\n", "\\n", StringComparison.Ordinal) + "\",\"is_error\":true}]}}");

        var step = Assert.Single(Assert.Single(s_formats.ReadEnriched("x", content).Traces).Steps, s => s.Command == "pytest -q");

        Assert.Equal(StepKind.VerifierRun, step.Kind);
        Assert.Equal((1, 300), (step.Verifier!.Failed, step.Verifier.Passed));
        Assert.Equal(["tests/test_x.py::test_edge"], step.Verifier.FailingTests);
    }

    [Fact]
    public void Read_ResponseSplitOverLines_CountsItsUsageOnceFromItsLastLine()
    {
        const string content = """
            {"type":"assistant","sessionId":"s1","uuid":"u1","requestId":"r1","timestamp":"2025-01-01T00:00:00Z","message":{"id":"m1","role":"assistant","model":"claude-sonnet-4-20250514","content":[{"type":"thinking","thinking":"plan"}],"usage":{"input_tokens":10,"output_tokens":1,"cache_creation_input_tokens":100,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":100}}}}
            {"type":"assistant","sessionId":"s1","uuid":"u2","requestId":"r1","timestamp":"2025-01-01T00:00:01Z","message":{"id":"m1","role":"assistant","model":"claude-sonnet-4-20250514","content":[{"type":"text","text":"hello"}],"usage":{"input_tokens":10,"output_tokens":40,"cache_creation_input_tokens":100,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":100}}}}
            """;

        var trace = Assert.Single(s_formats.ReadEnriched("x", content).Traces);

        Assert.Equal([StepKind.Thought, StepKind.AssistantMessage], trace.Steps.Select(s => s.Kind));
        Assert.Equal(new TokenUsage(10, 40, 0, 100) { CacheWrite1h = 100 }, trace.Steps[0].Tokens);
        Assert.True(trace.Steps[1].Tokens.IsZero);

        // One-hour cache writes cost 6 per million on claude-sonnet-4: 10*3 + 40*15 + 100*6 = 1230 per million.
        Assert.Equal(0.00123m, trace.Run.CostUsd);
    }
}

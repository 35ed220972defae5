using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters;
using Martin360.Tests.Shared;

namespace Martin360.Ingest.Tests.Adapters;

/// <summary>
/// Codex CLI rollouts from ../shared/traces/codex; expected values counted with
/// jq -c '[.type, .payload.type, .payload.role]' on each file.
/// </summary>
public sealed class CodexAdapterTests
{
    private const string Rollout = "codex/rollout-2026-01-02T03-04-05-11111111-1111-4111-8111-111111111111.jsonl";

    private static readonly TraceFormats s_formats = TraceFormats.CreateDefault();

    [Theory]
    [InlineData("codex/ccusage_codex_session-alpha.jsonl")]
    [InlineData(Rollout)]
    [InlineData("codex/sample_codex_session.jsonl")]
    public void Detect_EveryCodexSample_IsCodex(string file)
    {
        Assert.IsType<CodexAdapter>(s_formats.Detect(TraceFiles.Read(file)));
    }

    [Fact]
    public void Read_SyntheticRollout_MapsEveryRecordAndWarnsAboutTheUnknownOne()
    {
        var result = s_formats.ReadEnriched("r", TraceFiles.Read(Rollout));

        // Line 14 is {"type":"future_synthetic_record"}: a warning, not an error, and the rest imports.
        var warning = Assert.Single(result.Issues);
        Assert.Equal(ImportIssueLevel.Warning, warning.Level);
        Assert.Equal(14, warning.Line);
        Assert.Equal(0, result.RejectedRecords);

        var trace = Assert.Single(result.Traces);

        // turn_context (policy), user_message, reasoning, exec_command, apply_patch, MCP call, assistant message:
        // the response_item copy of the user message and the agent_message copy of the reply are not repeated.
        Assert.Equal(
            [StepKind.Other, StepKind.UserMessage, StepKind.Thought, StepKind.ShellCommand, StepKind.FileCreate, StepKind.ToolCall, StepKind.AssistantMessage],
            trace.Steps.Select(s => s.Kind));

        var shell = trace.Steps[3];
        Assert.Equal("find . -maxdepth 1 -type f", shell.Command);
        Assert.Equal("./alpha.txt\n./beta.txt", shell.Output);
        Assert.Equal(TimeSpan.FromSeconds(1), shell.Duration);

        var patch = trace.Steps[4];
        Assert.Equal("apply_patch", patch.Name);
        Assert.Equal(new FileTouch("gamma.txt", FileAction.Create), Assert.Single(patch.Files));
        Assert.Equal("Done!", patch.Output);

        Assert.Equal("mcp__synthetic__lookup", trace.Steps[5].Name);
        Assert.Equal("I will inspect the synthetic directory.", trace.Steps[2].Output);
        Assert.DoesNotContain(trace.Steps, s => (s.Output ?? "").Contains("SYNTHETIC_ENCRYPTED", StringComparison.Ordinal));
        Assert.Equal("approval_policy=never; sandbox_policy=read-only", trace.Steps[0].Input);

        Assert.Equal("11111111-1111-4111-8111-111111111111", trace.Run.Id);
        Assert.Equal("synthetic-project", trace.Run.Project);
        Assert.Equal("0.0.0-test", trace.Run.AgentVersion);
        Assert.Equal("List the synthetic files.", trace.Run.TaskTitle);
        Assert.All(trace.Steps.Skip(2), s => Assert.Equal("synthetic-model", s.Model));

        // No token_count events: no tokens and no cost, and the cost is unknown rather than 0.
        Assert.True(trace.Run.Tokens.IsZero);
        Assert.Null(trace.Run.CostUsd);
        Assert.Equal(CostProvenance.Unknown, trace.Run.CostProvenance);
    }

    [Fact]
    public void Read_TokenCountOnlySession_UsesLastTokenUsageAndTheEventsModel()
    {
        var trace = Assert.Single(s_formats.ReadEnriched("t", TraceFiles.Read("codex/ccusage_codex_session-alpha.jsonl")).Traces);

        // Two token_count events: last_token_usage 1000 in (250 cached)/125 out/75 reasoning on gpt-5.2-codex,
        // then 2500 in (500 cached)/300 out/200 reasoning with info.model gpt-5.3-codex.
        Assert.Equal([StepKind.ModelCall, StepKind.ModelCall], trace.Steps.Select(s => s.Kind));
        Assert.Equal(["gpt-5.2-codex", "gpt-5.3-codex"], trace.Steps.Select(s => s.Model));
        Assert.Equal(new TokenUsage(750, 125, 250, 0, 75), trace.Steps[0].Tokens);
        Assert.Equal(new TokenUsage(2750, 425, 750, 0, 275), trace.Run.Tokens);

        // 1.75 in / 0.175 cached / 14 out per million for both models:
        // (750*1.75 + 250*0.175 + 125*14) + (2000*1.75 + 500*0.175 + 300*14) = 10893.75 per million; ccusage says 0.01089375.
        Assert.Equal(0.01089375m, trace.Run.CostUsd);
        Assert.Equal(CostProvenance.Computed, trace.Run.CostProvenance);
    }

    [Fact]
    public void Read_RealCodexHead_TakesThePromptFromTheUserMessageEvent()
    {
        var result = s_formats.ReadEnriched("s", TraceFiles.Read("codex/sample_codex_session.jsonl"));

        Assert.Empty(result.Issues);
        var trace = Assert.Single(result.Traces);

        // 3 response_item user messages (AGENTS.md, environment_context, the prompt) and 1 user_message event: one
        // user step. 6 identical turn_contexts (on-request, workspace-write, gpt-5.2-codex): one policy step, no switch.
        Assert.Equal([StepKind.UserMessage, StepKind.Other], trace.Steps.Select(s => s.Kind));
        Assert.StartsWith("can you analyse the MD files", trace.Run.TaskTitle, StringComparison.Ordinal);
        Assert.Equal("approval_policy=on-request; sandbox_policy=workspace-write", trace.Steps[1].Input);
        Assert.Equal("019b64e5-57fa-7463-b644-fba7e456f905", trace.Run.Id);
        Assert.Equal("0.77.0", trace.Run.AgentVersion);
        Assert.Equal("homelab-migration", trace.Run.Project);
        Assert.Equal(DateTimeOffset.Parse("2025-12-28T12:18:30.522Z", System.Globalization.CultureInfo.InvariantCulture), trace.Run.StartedAt);
        Assert.Equal(DateTimeOffset.Parse("2025-12-28T12:21:52.360Z", System.Globalization.CultureInfo.InvariantCulture), trace.Run.EndedAt);
    }

    [Fact]
    public void Read_ShellOutputWithExitCodeMetadataAndRepeatedTotals_MapsExitCodesAndCountsTokensOnce()
    {
        const string content = """
            {"timestamp":"2026-01-01T00:00:00Z","type":"session_meta","payload":{"id":"s-1","cwd":"/w/app","cli_version":"0.50.0"}}
            {"timestamp":"2026-01-01T00:00:01Z","type":"turn_context","payload":{"model":"gpt-5-codex","approval_policy":"never","sandbox_policy":{"type":"danger-full-access"}}}
            {"timestamp":"2026-01-01T00:00:02Z","type":"event_msg","payload":{"type":"user_message","message":"fix the failing test"}}
            {"timestamp":"2026-01-01T00:00:03Z","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"{\"command\":[\"bash\",\"-lc\",\"pytest -q\"]}","call_id":"c1"}}
            {"timestamp":"2026-01-01T00:00:05Z","type":"response_item","payload":{"type":"function_call_output","call_id":"c1","output":"{\"output\":\"1 failed\",\"metadata\":{\"exit_code\":1,\"duration_seconds\":2.0}}"}}
            {"timestamp":"2026-01-01T00:00:06Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":100,"cached_input_tokens":0,"output_tokens":10,"reasoning_output_tokens":0,"total_tokens":110},"last_token_usage":{"input_tokens":100,"cached_input_tokens":0,"output_tokens":10,"reasoning_output_tokens":0,"total_tokens":110}}}}
            {"timestamp":"2026-01-01T00:00:06Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":100,"cached_input_tokens":0,"output_tokens":10,"reasoning_output_tokens":0,"total_tokens":110},"last_token_usage":{"input_tokens":100,"cached_input_tokens":0,"output_tokens":10,"reasoning_output_tokens":0,"total_tokens":110}}}}
            {"timestamp":"2026-01-01T00:00:07Z","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"{\"command\":[\"apply_patch\",\"*** Begin Patch\\n*** Update File: src/a.py\\n@@\\n-x\\n+y\\n*** Delete File: old.py\\n*** Update File: b.py\\n*** Move to: c.py\\n*** End Patch\"]}","call_id":"c2"}}
            {"timestamp":"2026-01-01T00:00:08Z","type":"response_item","payload":{"type":"function_call_output","call_id":"c2","output":"{\"output\":\"Success.\",\"metadata\":{\"exit_code\":0}}"}}
            {"timestamp":"2026-01-01T00:00:09Z","type":"turn_context","payload":{"model":"gpt-5","approval_policy":"never","sandbox_policy":{"type":"danger-full-access"}}}
            {"timestamp":"2026-01-01T00:00:10Z","type":"response_item","payload":{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Fixed: all tests pass now."}]}}
            {"timestamp":"2026-01-01T00:00:11Z","type":"event_msg","payload":{"type":"task_complete","last_agent_message":"Fixed"}}
            """;

        var trace = Assert.Single(s_formats.ReadEnriched("x", content).Traces);

        var pytest = Assert.Single(trace.Steps, s => s.Id == "c1");
        Assert.Equal("pytest -q", pytest.Command);
        Assert.Equal(1, pytest.ExitCode);
        Assert.True(pytest.IsError);
        Assert.Equal("1 failed", pytest.Output);

        var patch = Assert.Single(trace.Steps, s => s.Id == "c2");
        Assert.Equal(StepKind.FileEdit, patch.Kind);
        Assert.Equal(
            [new FileTouch("src/a.py", FileAction.Edit), new FileTouch("old.py", FileAction.Delete), new FileTouch("b.py", FileAction.Delete), new FileTouch("c.py", FileAction.Create)],
            patch.Files);
        Assert.Equal(0, patch.ExitCode);

        // The second token_count repeats the cumulative total: the same call, counted once.
        Assert.Single(trace.Steps, s => s.Kind == StepKind.ModelCall);
        Assert.Equal(new TokenUsage(100, 10), trace.Run.Tokens);

        var switchStep = Assert.Single(trace.Steps, s => s.Kind == StepKind.ModelSwitch);
        Assert.Equal("gpt-5-codex -> gpt-5", switchStep.Input);
        Assert.Equal(StepKind.CompletionClaim, trace.Steps[^1].Kind);
        Assert.Equal("task_complete", trace.Run.ExitReason);
        Assert.Equal(RunStatus.Completed, trace.Run.Status);
    }

    [Fact]
    public void Read_TruncatedLine_ReportsItsLineAndTheOrphanedOutput()
    {
        var lines = TraceFiles.Read(Rollout).Split('\n');

        // Line 6 is the exec_command function_call (jq above); its output on line 7 then has no call.
        lines[5] = lines[5][..40];
        var result = s_formats.ReadEnriched("cut", string.Join('\n', lines));

        var error = Assert.Single(result.Issues, i => i.Level == ImportIssueLevel.Error);
        Assert.Equal(6, error.Line);
        Assert.Contains(result.Issues, i => i.Level == ImportIssueLevel.Warning && i.Line == 7);
        Assert.Equal(1, result.RejectedRecords);
        var trace = Assert.Single(result.Traces);
        Assert.DoesNotContain(trace.Steps, s => s.Kind == StepKind.ShellCommand);
        Assert.Equal(6, trace.Steps.Count);
    }
}

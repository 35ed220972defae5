using System.Globalization;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Adapters.OpenHands;
using Martin360.Tests.Shared;

namespace Martin360.Ingest.Tests.Adapters;

public sealed class OpenHandsAdapterTests
{
    private static readonly TraceFormats s_formats = TraceFormats.CreateDefault();

    // Expected values counted from the event lists with python (json):
    //   steps: actions other than system/recall/change_agent_state, plus error observations without a cause
    //   kinds: message(user) -> user message, run -> by command (ls/grep/find -> search, "echo .. > f" / sed -i -> edit,
    //     anything that runs a program -> shell), read -> file read (a directory listing -> search),
    //     edit -> file edit (file create when the editor command is create), think -> thought, finish -> claim
    //   failed: run observations with extras.metadata.exit_code not in (0, -1), observations starting "ERROR:",
    //     and error observations
    //   tokens: tool_call_metadata.model_response.usage of the actions, once per response id; input =
    //     prompt_tokens - cache_read_input_tokens - cache_creation_input_tokens
    [Theory]
    [InlineData("openhands/basic.json", 3, "UserMessage=1, FileCreate=1, CompletionClaim=1", 10, 1312, 3482, 4640, "finished", RunStatus.Completed)]
    [InlineData("openhands/basic_gui_mode.json", 6, "UserMessage=1, AssistantMessage=1, ShellCommand=2, FileCreate=2", 22, 2024, 11793, 5482, "awaiting_user_input", RunStatus.Unknown)]
    [InlineData("openhands/wrong_initial_state.json", 5, "UserMessage=1, ShellCommand=1, Search=2, CompletionClaim=1", 22, 358, 10879, 3927, "finished", RunStatus.Completed)]
    public void Read_RealEventList_PairsObservationsWithTheirActions(
        string file, int steps, string kinds, long input, long output, long cacheRead, long cacheWrite, string exitReason, RunStatus status)
    {
        var result = s_formats.ReadEnriched(file, TraceFiles.Read(file));

        Assert.Equal(OpenHandsAdapter.FormatName, result.Format);
        Assert.Empty(result.Issues);
        var trace = Assert.Single(result.Traces);
        Assert.Equal(steps, trace.Steps.Count);
        Assert.Equal(kinds, StepKindCounts.Of(trace));
        Assert.DoesNotContain(trace.Steps, s => s.IsError);
        Assert.Equal(new TokenUsage(input, output, cacheRead, cacheWrite), trace.Run.Tokens);
        // No cost in the file, so it is computed from claude-3-5-sonnet's published prices per million tokens:
        // input $3, output $15, cache read $0.30, cache write $3.75.
        Assert.Equal((input * 3m + output * 15m + cacheRead * 0.30m + cacheWrite * 3.75m) / 1_000_000m, trace.Run.CostUsd);
        Assert.Equal(CostProvenance.Computed, trace.Run.CostProvenance);
        Assert.Equal(exitReason, trace.Run.ExitReason);
        Assert.Equal(status, trace.Run.Status);
        Assert.NotNull(trace.Run.StartedAt);
        Assert.Equal(StepKind.UserMessage, trace.Steps[0].Kind);
        Assert.Equal(trace.Steps[0].Input, trace.Run.TaskObjective);
    }

    // Per record of the JSONL files, counted the same way; run tokens are metrics.accumulated_token_usage, which
    // equals the per-response sums. The ponyc records report accumulated_cost 0 although tokens were spent, so cost
    // is unknown; the resolver records report accumulated_cost (and no tokens).
    [Theory]
    // After enrichment the `make` builds are verifier runs (a build is a verifier): 4595 has two (`make`,
    // `make clean && make`), 4588 six (`make` at history ids 66, 68, 70, 84, 86, 96; `make -n build` (80) is a dry run).
    [InlineData("openhands/multi_swe_bench_output.jsonl", 0, "ponylang__ponyc-4595", 24, "UserMessage=1, Thought=1, ShellCommand=3, FileRead=6, FileEdit=3, Search=7, VerifierRun=2, CompletionClaim=1", 6, 565158, 2558, null, "finished", RunStatus.Completed)]
    [InlineData("openhands/multi_swe_bench_output.jsonl", 1, "ponylang__ponyc-4593", 35, "UserMessage=1, FileRead=9, FileEdit=11, Search=12, CompletionClaim=1, Error=1", 14, 410169, 5156, null, "finished", RunStatus.Completed)]
    [InlineData("openhands/multi_swe_bench_output.jsonl", 2, "ponylang__ponyc-4588", 51, "UserMessage=1, Thought=1, ShellCommand=9, FileRead=8, FileEdit=17, Search=8, VerifierRun=6, Error=1", 25, 938015, 5627, null, "RuntimeError: Agent reached maximum iteration in headless mode. Current iteration: 50, max iteration: 50", RunStatus.Aborted)]
    [InlineData("openhands/resolver_mock_output.jsonl", 0, "Add MIT license", 5, "UserMessage=1, FileRead=1, FileEdit=1, FileCreate=1, CompletionClaim=1", 0, 0, 0, "0.070713", "finished", RunStatus.Completed)]
    [InlineData("openhands/resolver_mock_output.jsonl", 1, "Add a toggle for dark mode", 23, "UserMessage=1, FileRead=5, FileEdit=15, Search=1, CompletionClaim=1", 8, 0, 0, "1.152933", "finished", RunStatus.Completed)]
    public void Read_RealOutputJsonl_EachRecordIsOneRun(
        string file, int record, string title, int steps, string kinds, int failed, long prompt, long completion, string? cost, string exitReason, RunStatus status)
    {
        var result = s_formats.ReadEnriched(file, TraceFiles.Read(file));

        Assert.Equal(OpenHandsAdapter.FormatName, result.Format);
        Assert.Empty(result.Issues);
        var trace = result.Traces[record];
        Assert.Equal(title, trace.Run.TaskTitle);
        Assert.Equal(steps, trace.Steps.Count);
        Assert.Equal(kinds, StepKindCounts.Of(trace));
        Assert.Equal(failed, trace.Steps.Count(s => s.IsError));
        Assert.Equal(new TokenUsage(prompt, completion), trace.Run.Tokens);
        Assert.Equal(cost is null ? null : decimal.Parse(cost, CultureInfo.InvariantCulture), trace.Run.CostUsd);
        Assert.Equal(cost is null ? CostProvenance.Unknown : CostProvenance.Reported, trace.Run.CostProvenance);
        Assert.Equal(exitReason, trace.Run.ExitReason);
        Assert.Equal(status, trace.Run.Status);
        Assert.Equal(trace.Steps.Count, trace.Steps.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void Read_EvaluationRecord_KeepsCommandsExitCodesAndPerResponseTokens()
    {
        const string file = "openhands/multi_swe_bench_output.jsonl";

        var result = s_formats.ReadEnriched(file, TraceFiles.Read(file));

        Assert.Equal(3, result.Traces.Count);
        Assert.Equal(3, result.Traces.Select(t => t.Run.Id).Distinct().Count());
        var trace = result.Traces[0];
        Assert.StartsWith("ponylang__ponyc-4595-", trace.Run.Id, StringComparison.Ordinal);
        Assert.Equal("ponylang/ponyc", trace.Run.Repository);
        Assert.StartsWith("<uploaded_files>", trace.Run.TaskObjective, StringComparison.Ordinal);

        // history id 5 (run "ls -l ...") and its observation id 6 (exit code 0); the response's usage is 5920/128.
        var first = trace.Steps[1];
        Assert.Equal(trace.Run.Id + ":5", first.Id);
        Assert.Equal("ls -l /workspace/ponylang__ponyc__0.1", first.Command);
        Assert.Equal(0, first.ExitCode);
        Assert.Equal("execute_bash", first.Name);
        Assert.Equal(new TokenUsage(5920, 128), first.Tokens);
        Assert.Equal("meta-llama/llama-4-maverick", first.Model);
        Assert.StartsWith("The task involves fixing an issue", first.Input, StringComparison.Ordinal);
        Assert.NotNull(first.Output);
        Assert.Equal(trace.Run.Tokens, trace.Steps.Aggregate(TokenUsage.Zero, (sum, s) => sum.Add(s.Tokens)));

        // "cd /workspace/ponylang__ponyc__0.1 && make" ended with exit code 2: after enrichment a failed build verifier.
        var make = trace.Steps.First(s => s.Command == "cd /workspace/ponylang__ponyc__0.1 && make");
        Assert.Equal(StepKind.VerifierRun, make.Kind);
        Assert.False(make.Verifier?.Success);
        Assert.Equal(2, make.ExitCode);
        Assert.True(make.IsError);

        var edit = trace.Steps.First(s => s.Kind == StepKind.FileEdit && s.Name == "str_replace_editor");
        Assert.Equal(new FileTouch("/workspace/ponylang__ponyc__0.1/src/libponyc/ast/parser.c", FileAction.Edit), Assert.Single(edit.Files));
    }

    [Fact]
    public void Read_ResolverRecord_PairsFlatEventsInOrderAndReadsAgentSkills()
    {
        const string file = "openhands/resolver_mock_output.jsonl";

        var result = s_formats.ReadEnriched(file, TraceFiles.Read(file));

        var license = result.Traces[0];
        Assert.Equal("neubig/pr-viewer", license.Run.Repository);
        Assert.StartsWith("neubig-pr-viewer-5-", license.Run.Id, StringComparison.Ordinal);
        Assert.Equal("touch LICENSE", license.Steps[1].Command);
        Assert.Equal(0, license.Steps[1].ExitCode);
        // The IPython cell writes the license with open('LICENSE', 'w').
        Assert.Equal(new FileTouch("LICENSE", FileAction.Edit), Assert.Single(license.Steps[2].Files));
        Assert.Equal("MIT License has been added to the LICENSE file.\n[Jupyter current working directory: /workspace]", license.Steps[2].Output);

        var darkMode = result.Traces[1];
        var refused = darkMode.Steps.Where(s => s.IsError).ToArray();
        Assert.Equal(8, refused.Length);
        Assert.All(refused, s => Assert.Equal(new FileTouch("/workspace/src/App.tsx", FileAction.Edit), Assert.Single(s.Files)));
    }

    [Fact]
    public void Read_JsonlWithOneBadLine_ImportsTheGoodRecordsAndNamesTheBadLine()
    {
        var lines = TraceFiles.Read("openhands/multi_swe_bench_output.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[1] = lines[1][..(lines[1].Length / 2)];
        var content = string.Join('\n', lines) + "\n";

        var result = s_formats.ReadEnriched("output.jsonl", content);

        Assert.Equal(OpenHandsAdapter.FormatName, result.Format);
        Assert.Equal(["ponylang__ponyc-4595", "ponylang__ponyc-4588"], result.Traces.Select(t => t.Run.TaskTitle));
        var issue = Assert.Single(result.Issues);
        Assert.Equal(ImportIssueLevel.Error, issue.Level);
        Assert.Equal(2, issue.Line);
        Assert.Equal(1, result.RejectedRecords);
    }

    [Fact]
    public void Read_JsonlLineWithoutHistory_IsReportedWithItsLine()
    {
        var first = TraceFiles.Read("openhands/resolver_mock_output.jsonl").Split('\n')[0];
        var content = first + "\n\n{\"instance_id\": \"x\", \"error\": null}\n";

        var result = s_formats.ReadEnriched("output.jsonl", content);

        Assert.Single(result.Traces);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(3, issue.Line);
        Assert.Contains("no \"history\"", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TruncatedEventList_ReportsTheLineAndImportsNothing()
    {
        const string file = "openhands/basic_gui_mode.json";
        var content = TraceFiles.Read(file);
        var truncated = content[..(content.Length / 3)];

        var result = s_formats.ReadEnriched(file, truncated);

        Assert.Equal(OpenHandsAdapter.FormatName, result.Format);
        Assert.Empty(result.Traces);
        Assert.Equal(truncated.Count(c => c == '\n') + 1, Assert.Single(result.Issues).Line);
    }

    [Fact]
    public void Read_EventListCommandStillRunning_HasNoExitCode()
    {
        const string file = "openhands/basic_gui_mode.json";

        var trace = Assert.Single(s_formats.ReadEnriched(file, TraceFiles.Read(file)).Traces);

        // Event 14 answers "python3 -m http.server 8000" with exit_code -1: no new output after 30 seconds.
        var server = Assert.Single(trace.Steps, s => s.Command == "cd /workspace/todo-app && python3 -m http.server 8000");
        Assert.Null(server.ExitCode);
        Assert.False(server.IsError);
        // 20:29:59.282034 (action) to 20:30:29.862264 (observation)
        Assert.Equal(30.58023, server.Duration!.Value.TotalSeconds, 3);
        Assert.Equal([new FileTouch("/workspace/todo-app/index.html", FileAction.Create)], trace.Steps[2].Files);
    }

    [Fact]
    public void Read_ResolverRecordNotSuccessful_FailsTheRunWithItsExplanation()
    {
        const string content = """
            {"issue": {"owner": "o", "repo": "r", "number": 7, "title": "Fix it"}, "success": false, "result_explanation": "The tests still fail.", "metrics": {"accumulated_cost": 0.25}, "error": null, "history": [{"action": "message", "content": "Fix it", "source": "user"}, {"action": "finish", "thought": "done"}]}
            """;

        var trace = Assert.Single(s_formats.ReadEnriched("output.jsonl", content).Traces);

        Assert.Equal(RunStatus.Failed, trace.Run.Status);
        Assert.Equal("unsuccessful: The tests still fail.", trace.Run.ExitReason);
        Assert.Equal(0.25m, trace.Run.CostUsd);
        Assert.Equal([StepKind.UserMessage, StepKind.CompletionClaim], trace.Steps.Select(s => s.Kind));
    }

    [Fact]
    public void Read_EventListEndingInErrorState_FailsTheRunAndKeepsUnansweredErrors()
    {
        const string content = """
            [{"id": 1, "source": "user", "action": "message", "args": {"content": "Run the tests"}},
             {"id": 2, "source": "agent", "action": "run", "args": {"command": "pytest -q", "thought": "run them"}},
             {"id": 3, "source": "agent", "observation": "run", "cause": 2, "content": "2 failed", "extras": {"command": "pytest -q", "metadata": {"exit_code": 1}}},
             {"id": 4, "source": "agent", "observation": "error", "content": "LLM call failed"},
             {"id": 5, "source": "environment", "observation": "agent_state_changed", "content": "", "extras": {"agent_state": "error"}}]
            """;

        var trace = Assert.Single(s_formats.Read("events.json", content).Traces);

        Assert.Equal(RunStatus.Failed, trace.Run.Status);
        Assert.Equal("error", trace.Run.ExitReason);
        Assert.Equal([StepKind.UserMessage, StepKind.ShellCommand, StepKind.Error], trace.Steps.Select(s => s.Kind));
        Assert.Equal("pytest -q", trace.Steps[1].Command);
        Assert.Equal(1, trace.Steps[1].ExitCode);
        Assert.Equal("2 failed", trace.Steps[1].Output);
        Assert.Equal("run them", trace.Steps[1].Input);
        Assert.Equal("LLM call failed", trace.Steps[2].Output);
        Assert.Equal(trace.Run.Id + ":4", trace.Steps[2].Id);
    }

    [Fact]
    public void Read_EventListWithNonEventEntries_SkipsThemWithAWarning()
    {
        const string content = """
            [{"id": 0, "source": "user", "action": "message", "args": {"content": "hi"}}, 42, "text",
             {"id": 1, "source": "agent", "action": "finish", "args": {"final_thought": "done"}}]
            """;

        var result = s_formats.ReadEnriched("events.json", content, OpenHandsAdapter.FormatName);

        var trace = Assert.Single(result.Traces);
        Assert.Equal([StepKind.UserMessage, StepKind.CompletionClaim], trace.Steps.Select(s => s.Kind));
        Assert.Equal("done", trace.Steps[1].Input);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(ImportIssueLevel.Warning, issue.Level);
        Assert.Contains("skipped 2 entries", issue.Message, StringComparison.Ordinal);
        Assert.Equal(2, result.RejectedRecords);
    }

    [Fact]
    public void Read_NamedFormatOnAListWithoutEvents_IsAClearError()
    {
        var result = s_formats.ReadEnriched("events.json", "[1, 2, 3]", OpenHandsAdapter.FormatName);

        Assert.Empty(result.Traces);
        Assert.Contains("not an OpenHands event list", Assert.Single(result.Issues).Message, StringComparison.Ordinal);
    }
}

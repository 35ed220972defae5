using Martin360.Analysis.Findings;

namespace Martin360.Analysis.Tests.RealTraces;

/// <summary>
/// Findings on real traces, established by reading the files (docs/analysis.md, "Real traces"). Step numbers are the
/// enriched trace's Sequence values; the file positions they come from are in the comments.
/// </summary>
public sealed class RealTraceFindingsTests
{
    private const string ClaudeTodo = "claude-code/fe5e1c67-53e7-4862-81ae-d0e013e3270b.jsonl";
    private const string PonyOutput = "openhands/multi_swe_bench_output.jsonl";

    private static AnalysisResult Analyze(string relative, int run = 0) => TraceAnalyzer.Analyze(RealTrace.Read(relative, run));

    [Fact]
    public void ClaudeCodeTodoSession_NpmRunBuildFourTimesWithTheSameError_IsALoop()
    {
        // File lines 402, 405, 408, 411 run `npm run build`; every tool_result (403/406/409/412) is is_error with
        // "> Build error occurred\n[TypeError: generate is not a function]" (read with python over tool_use/tool_result).
        // Between them the agent only narrates ("Let me run the build in the correct directory:"), so they are steps
        // 247, 249, 251, 253; the agent then gives up on the build and starts `npx next dev` (257).
        var result = Analyze(ClaudeTodo);

        var loop = Assert.Single(result.Findings, f => f.Kind == FindingKind.Loop && f.Summary.Contains("npm run build", StringComparison.Ordinal));
        Assert.Equal([247, 249, 251, 253], loop.Steps);
        Assert.Contains("repeated 4 times with the same error", loop.Summary);
        Assert.Equal(Severity.Warning, loop.Severity);
    }

    [Fact]
    public void ClaudeCodeTodoSession_RefusedWritesToOneFile_AreNearDuplicateLoops()
    {
        // Steps 93 Edit, 94 MultiEdit, 95 Write on /path/to/Demo/types/index.ts all fail "File has not been read yet"
        // (91 failed the same way but the Read at 92 sits between). 230 Write, 231 Edit, 233 MultiEdit on
        // src/hooks/useTodos.ts fail the same way (232 is narration). Refused writes list no file: the path is read from
        // the tool arguments.
        var loops = Analyze(ClaudeTodo).Findings.Where(f => f.Kind == FindingKind.Loop && f.Summary.Contains("attempts in a row to change the same file", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, loops.Count);
        Assert.Equal([93, 94, 95], loops[0].Steps);
        Assert.Contains("/path/to/Demo/types/index.ts", loops[0].Summary);
        Assert.Equal([230, 231, 233], loops[1].Steps);
        Assert.Contains("useTodos.ts", loops[1].Summary);
    }

    [Fact]
    public void ClaudeCodeTodoSession_ClaimAfterTheBuildFailed_IsAFailedVerification()
    {
        // The last verifier is the failing `npm run build` at 253; the agent switched to `next dev`, then announced
        // "TODO App Creation Complete" (266) and, after writing CLAUDE.md (269), claimed again (270).
        var result = Analyze(ClaudeTodo);

        var finding = Assert.Single(result.Findings, f => f.Kind == FindingKind.UnverifiedCompletion);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal([253, 269, 270], finding.Steps);
        Assert.Contains("`npm run build` at step 253, failed", finding.Summary);
        Assert.Equal(Outcome.FailedVerification, result.Outcome);
        Assert.Contains(result.Recommendations, r => r.Contains("Re-run `npm run build`", StringComparison.Ordinal));
    }

    [Fact]
    public void ClaudeCodeInitSession_ClaimsAFileWhoseOnlyWriteWasRefused()
    {
        // 1af7fc5e: the Write of CLAUDE.md (step 15, file line 24) came back "Claude requested permissions to write ...
        // but you haven't granted it yet" (is_error), yet the closing message (17) says "I've created a basic CLAUDE.md".
        // The refused write changed nothing, so it is not an edit; nothing verified anything.
        var result = Analyze("claude-code/1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl");

        var finding = Assert.Single(result.Findings, f => f.Kind == FindingKind.UnverifiedCompletion);
        Assert.Equal([17], finding.Steps);
        Assert.Contains("without ever running a verifier", finding.Summary);
        Assert.Equal(Outcome.UnverifiedClaim, result.Outcome);
    }

    [Fact]
    public void MiniSweAgentDjango10999_TestFileCreatedAndDeleted_IsAProtectedEditButNotHollow()
    {
        // messages[28] (step 14) writes tests/utils_tests/test_dateparse_negative_duration.py with `cat <<'EOF' >`
        // (5 cases, self.assertEqual(parse_duration(...))); messages[32] (step 16) removes it with `rm`.
        // The task said "DO NOT MODIFY: Tests". runtests.py ran at messages 22, 24, 30 = steps 11, 12, 15, all OK.
        var result = Analyze("mini-swe-agent/django__django-10999.traj.json");

        var protectedEdit = Assert.Single(result.Findings, f => f.Kind == FindingKind.ProtectedEdit);
        Assert.Equal([14, 16], protectedEdit.Steps);
        Assert.Contains("test_dateparse_negative_duration.py (created by the agent)", protectedEdit.Summary);
        Assert.Equal(Severity.Info, protectedEdit.Severity);
        Assert.DoesNotContain(result.Findings, f => f.Kind == FindingKind.HollowTest);

        // The `rm` at 16 deletes only the agent's own scratch files, so the passing run at 15 still covers the last edit
        // (the sed -i at 5). SWE-bench says resolved=false: hidden FAIL_TO_PASS tests the agent never ran; analysis
        // judges the evidence in the trace.
        Assert.Equal(Outcome.VerifiedSuccess, result.Outcome);
        Assert.DoesNotContain(result.Findings, f => f.Kind == FindingKind.UnverifiedCompletion);
    }

    [Fact]
    public void OpenHandsPonyc4588_MaxIterations_IsBudgetExhaustedWithAnEnvironmentChase()
    {
        // Third record (ponylang__ponyc-4588): error "Agent reached maximum iteration in headless mode ... 50".
        // Steps 15, 16, 17 are str_replace calls on match.c refused with "ERROR:\nNo replacement was performed"
        // (old_str not found / multiple occurrences), 18 re-reads the file. From 33 to 51 the agent builds with
        // `make` (33, 34, 35, 42, 43, 48, all failing on build_release, LLVM, gtest) and runs cmake / apt-get, never
        // touching match.c again. 40 is `make -n build`, a dry run, not a build.
        var result = Analyze(PonyOutput, run: 2);

        Assert.Equal(Outcome.BudgetExhausted, result.Outcome);
        var burn = Assert.Single(result.Findings, f => f.Kind == FindingKind.BudgetBurn);
        Assert.Equal(Severity.Critical, burn.Severity);
        Assert.Contains("maximum iteration", burn.Summary);
        var chase = Assert.Single(result.Findings, f => f.Kind == FindingKind.UnrelatedErrorChase);
        Assert.Equal(33, chase.Steps[0]);
        Assert.Equal(51, chase.Steps[^1]);
        var loop = Assert.Single(result.Findings, f => f.Kind == FindingKind.Loop);
        Assert.Equal([15, 16, 17], loop.Steps);
        Assert.Contains("No replacement was performed", loop.Summary);
    }

    [Fact]
    public void OpenHandsPonyc4595_ClaimAfterTheBuildFailed_IsAFailedVerification()
    {
        // First record: parser.c edited at 15, then `make` (18) and `make clean && make` (19) fail with "can't cd to
        // .../build/build_release"; the ponyc binary never exists (20, 22: No such file), yet AgentFinishAction (24).
        var result = Analyze(PonyOutput, run: 0);

        var finding = Assert.Single(result.Findings, f => f.Kind == FindingKind.UnverifiedCompletion);
        Assert.Contains("`make clean && make` at step 19, failed", finding.Summary);
        Assert.Equal(Outcome.FailedVerification, result.Outcome);
    }

    [Fact]
    public void SweAgentPydicom1458_ThreeRefusedEditsInARow_AreALoopThenTheFixIsVerified()
    {
        // history: the `edit 287:295` calls at steps 6, 7, 8 are rejected by SWE-agent's linter ("Your proposed edit
        // has introduced new syntax error(s)"); 9 applies a corrected edit (287:296), 10 runs reproduce_bug.py
        // ("Script completed successfully, no errors. Result: True"), 11 removes the script it created at 1, 12 submits.
        var result = Analyze("swe-agent/pydicom__pydicom-1458.traj");

        var loop = Assert.Single(result.Findings, f => f.Kind == FindingKind.Loop);
        Assert.Equal([6, 7, 8], loop.Steps);
        Assert.Contains("3 attempts in a row to change the same file failed", loop.Summary);
        Assert.Equal(Outcome.VerifiedSuccess, result.Outcome);
    }

    [Fact]
    public void OpenHandsResolverDarkMode_EightRefusedEditsOfAppTsx_AreACriticalLoop()
    {
        // resolver_mock_output.jsonl record 2 ("Add a toggle for dark mode"): edit_file_by_replace on /workspace/src/App.tsx
        // at steps 6-13, every observation "[Your proposed edit has introduced new syntax error(s)...". Eight repeats.
        var result = Analyze("openhands/resolver_mock_output.jsonl", run: 1);

        var loop = Assert.Single(result.Findings, f => f.Kind == FindingKind.Loop);
        Assert.Equal([6, 7, 8, 9, 10, 11, 12, 13], loop.Steps);
        Assert.Equal(Severity.Critical, loop.Severity);
        Assert.Equal(Outcome.UnverifiedClaim, result.Outcome);
    }
}

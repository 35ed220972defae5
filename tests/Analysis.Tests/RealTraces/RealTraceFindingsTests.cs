using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters;
using Martin360.Tests.Shared;

namespace Martin360.Analysis.Tests.RealTraces;

/// <summary>
/// Findings on real traces, established by reading the files (see docs/analysis.md, "Real traces").
/// The adapters for these formats are written in parallel branches: until one is merged, the test for its
/// format is skipped (not passed). TO THE LEAD: after merging the adapters, remove the skip path in Load,
/// and tighten the step numbers to the adapter's sequence mapping (positions are given in the comments).
/// </summary>
public sealed class RealTraceFindingsTests
{
    private static Trace Load(string relative, int index = 0)
    {
        var content = TraceFiles.Read(relative);
        var formats = TraceFormats.CreateDefault();
        var adapter = formats.Detect(content);
        if (adapter is null)
        {
            Assert.Skip($"No adapter in this branch reads {relative} yet (adapters land with issue 3).");
        }

        var result = adapter.Read(relative, content);
        Assert.True(result.Traces.Count > index, $"{adapter.Format} read {result.Traces.Count} runs from {relative}");
        return result.Traces[index];
    }

    [Fact]
    public void ClaudeCodeTodoSession_NpmRunBuildFourTimesWithTheSameError_IsALoop()
    {
        // fe5e1c67...: file lines 402, 405, 408, 411 run `npm run build`; each tool_result (lines 403/406/409/412) is
        // is_error with "[TypeError: generate is not a function]". Counted with jq over tool_use inputs and results.
        var result = TraceAnalyzer.Analyze(Load("claude-code/fe5e1c67-53e7-4862-81ae-d0e013e3270b.jsonl"));

        Assert.Contains(result.Findings, f => f.Kind == FindingKind.Loop && f.Summary.Contains("npm run build", StringComparison.Ordinal)
            && f.Summary.Contains("repeated 4 times with the same error", StringComparison.Ordinal));
    }

    [Fact]
    public void ClaudeCodeTodoSession_FourFailingWritesToTypesIndex_AreANearDuplicateLoop()
    {
        // Lines 146 Edit, 150 Edit, 152 MultiEdit, 154 Write on /path/to/Demo/types/index.ts all fail with
        // "<tool_use_error>File has not been read yet" (results on lines 147, 151, 153, 155); the Read on line 148
        // sits between the first two, so the near-duplicate run is the last three at least.
        var result = TraceAnalyzer.Analyze(Load("claude-code/fe5e1c67-53e7-4862-81ae-d0e013e3270b.jsonl"));

        Assert.Contains(result.Findings, f => f.Kind == FindingKind.Loop && f.Summary.Contains("near-identical", StringComparison.Ordinal)
            && f.Summary.Contains("File has not been read", StringComparison.Ordinal));
    }

    [Fact]
    public void MiniSweAgentDjango10999_TestFileCreatedAndDeleted_IsAProtectedEditButNotHollow()
    {
        // messages[28] writes tests/utils_tests/test_dateparse_negative_duration.py with `cat <<'EOF' >` (5 cases,
        // self.assertEqual(parse_duration(...))); messages[32] removes it with `rm`. The task said "DO NOT MODIFY: Tests".
        var trace = Load("mini-swe-agent/django__django-10999.traj.json");
        var result = TraceAnalyzer.Analyze(trace);

        Assert.Contains(result.Findings, f => f.Kind == FindingKind.ProtectedEdit
            && f.Summary.Contains("test_dateparse_negative_duration.py", StringComparison.Ordinal) && f.Steps.Count == 2);
        Assert.DoesNotContain(result.Findings, f => f.Kind == FindingKind.HollowTest);
        Assert.True(result.Verification.ClaimedDone);
        Assert.True(result.Verification.VerifierRuns >= 3, "runtests.py ran at messages 22, 24 and 30");
    }

    [Fact]
    public void OpenHandsPonyc4588_MaxIterations_IsBudgetExhaustedWithAnEnvironmentChase()
    {
        // Third record (instance ponylang__ponyc-4588): error "Agent reached maximum iteration in headless mode ... 50".
        // History events 65-101: make / cmake / apt-get failing on build_release, llvm and gtest, never on match.c.
        var result = TraceAnalyzer.Analyze(Load("openhands/multi_swe_bench_output.jsonl", index: 2));

        Assert.Equal(Outcome.BudgetExhausted, result.Outcome);
        Assert.Contains(result.Findings, f => f.Kind == FindingKind.BudgetBurn && f.Severity == Severity.Critical);
        Assert.Contains(result.Findings, f => f.Kind == FindingKind.UnrelatedErrorChase);
        Assert.Contains(result.Findings, f => f.Kind == FindingKind.Loop && f.Summary.Contains("No replacement was performed", StringComparison.Ordinal));
    }
}

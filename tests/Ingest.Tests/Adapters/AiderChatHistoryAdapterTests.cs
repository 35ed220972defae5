using System.Diagnostics;
using Martin360.Analysis.Model;
using Martin360.Analysis.Verifiers;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Adapters.Aider;
using Martin360.Tests.Shared;

namespace Martin360.Ingest.Tests.Adapters;

public sealed class AiderChatHistoryAdapterTests
{
    private const string Sample = "aider/chat-history.md.excerpt";

    private static readonly Lazy<AdapterResult> s_sample = new(() => TraceFormats.CreateDefault().Read(Sample, TraceFiles.Read(Sample)));

    private static IEnumerable<Step> AllSteps => s_sample.Value.Traces.SelectMany(t => t.Steps);

    [Fact]
    public void Read_Sample_IsDetectedAsAider()
    {
        Assert.Equal("aider", TraceFormats.CreateDefault().Detect(TraceFiles.Read(Sample))?.Format);
    }

    [Fact]
    public void Read_Sample_OneRunPerSessionPlusTheLeadingFragment()
    {
        // grep -c '^# aider chat started at' gives 411; the excerpt opens with 93 lines of an earlier session's tail (header at line 94).
        var result = s_sample.Value;

        Assert.Equal(412, result.Traces.Count);
        Assert.Null(result.Traces[0].Run.StartedAt);
        Assert.Equal(411, result.Traces.Count(t => t.Run.StartedAt is not null));
        Assert.Equal(new DateTimeOffset(2024, 8, 5, 19, 33, 2, TimeSpan.Zero), result.Traces[1].Run.StartedAt);
        var warning = Assert.Single(result.Issues);
        Assert.Equal(ImportIssueLevel.Warning, warning.Level);
        Assert.Equal(1, warning.Line);
        Assert.False(result.HasErrors);
    }

    [Fact]
    public void Read_Sample_RunIdsAreUniqueAndStable()
    {
        var again = TraceFormats.CreateDefault().Read(Sample, TraceFiles.Read(Sample));

        Assert.Equal(412, s_sample.Value.Traces.Select(t => t.Run.Id).Distinct().Count());
        Assert.Equal(s_sample.Value.Traces.Select(t => t.Run.Id), again.Traces.Select(t => t.Run.Id));
        Assert.Equal(AllSteps.Select(s => s.Id), again.Traces.SelectMany(t => t.Steps).Select(s => s.Id));
    }

    [Fact]
    public void Read_Sample_UserTurnsCommandsAndLintFailures()
    {
        // python: 703 blocks of consecutive '####' lines; 18 are a single '/run', '/test' or '!' line,
        // 4 start with '# Fix any errors below' (aider's lint report), the other 681 are the user's messages.
        Assert.Equal(681, AllSteps.Count(s => s.Kind == StepKind.UserMessage));
        Assert.Equal(18, AllSteps.Count(s => s.Kind == StepKind.ShellCommand && s.Name is "/run" or "/test"));
        var lint = AllSteps.Where(s => s.Name == "lint").ToList();
        Assert.Equal(4, lint.Count);
        Assert.All(lint, s => Assert.True(s.IsError));
        Assert.Equal("/Users/gauthier/Projects/aider/tmp.lint.sh aider/repomap.py", lint[0].Command);
    }

    [Fact]
    public void Read_Sample_EditsCommitsAndAddedFiles()
    {
        // grep -c '^> Applied edit to' = 151; grep -cE '^> Commit [0-9a-f]{7,40} ' = 245;
        // grep -cE '^> Added .+ to the chat\.?\s*$' = 172.
        Assert.Equal(151, AllSteps.Count(s => s.Kind == StepKind.FileEdit));
        Assert.Equal(245, AllSteps.Count(s => s.Name == "commit"));
        Assert.Equal(172, AllSteps.Count(s => s.Kind == StepKind.FileRead));
        var firstEdit = AllSteps.First(s => s.Kind == StepKind.FileEdit);
        Assert.Equal(new FileTouch("aider/utils.py", FileAction.Edit), Assert.Single(firstEdit.Files));
    }

    [Fact]
    public void Read_Sample_TokensAndReportedCost()
    {
        // python over '^> Tokens: (N) sent, (N) received.' lines: 279 lines, 2,737,840 sent, 112,371 received
        // ("5,244" and "3.2k" forms); '$X request' sums to 9.936408; the last '$Y session' of each session sums to 13.404766.
        var reported = AllSteps.Where(s => !s.Tokens.IsZero).ToList();
        Assert.Equal(279, reported.Count);
        Assert.Equal(2_737_840, reported.Sum(s => s.Tokens.Input + s.Tokens.CacheRead + s.Tokens.CacheWrite));
        Assert.Equal(112_371, reported.Sum(s => s.Tokens.Output));
        Assert.Equal(9.936408m, AllSteps.Sum(s => s.CostUsd ?? 0m));
        Assert.Equal(13.404766m, s_sample.Value.Traces.Sum(t => t.Run.CostUsd ?? 0m));
        Assert.All(s_sample.Value.Traces.Where(t => t.Run.CostUsd is not null), t => Assert.Equal(CostProvenance.Reported, t.Run.CostProvenance));
        Assert.Equal(2_737_840 + 112_371, s_sample.Value.Traces.Sum(t => t.Run.Tokens.Total));
    }

    [Fact]
    public void Read_Sample_TokensAttachToTheReplyBeforeThem()
    {
        var trace = s_sample.Value.Traces[2];
        var reply = trace.Steps.First(s => s.Kind == StepKind.AssistantMessage);

        Assert.StartsWith("Certainly! I'll modify the `run_install` function", reply.Output, StringComparison.Ordinal);
        Assert.Equal("claude-3-5-sonnet-20240620", reply.Model);
        Assert.Equal(new TokenUsage(5244, 604), reply.Tokens);
        Assert.Equal(0.02m, reply.CostUsd);
        Assert.Equal("0.47.2-dev", trace.Run.AgentVersion);
        Assert.Equal("Use the Spinner instead of the inlined custom spinner", trace.Run.TaskTitle);
    }

    [Fact]
    public void Read_Sample_TestCommandOutputIsReadableByTheVerifierRecognizer()
    {
        var test = AllSteps.First(s => s.Name == "/test");

        var enriched = VerifierRecognizer.Enrich(test);

        Assert.Equal("pytest tests/basic/test_repomap.py", test.Command);
        Assert.StartsWith("============================= test session starts", test.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("> ", test.Output![..200], StringComparison.Ordinal);
        Assert.Equal(StepKind.VerifierRun, enriched.Kind);
        Assert.Equal(6, enriched.Verifier!.Passed);
        Assert.Equal(1, enriched.Verifier.Failed);
        Assert.Equal(["tests/basic/test_repomap.py::TestRepoMapAllLanguages::test_get_repo_map_subtree_only"], enriched.Verifier.FailingTests);
    }

    [Fact]
    public void Read_Sample_IsFast()
    {
        var content = TraceFiles.Read(Sample);
        var adapter = new AiderChatHistoryAdapter();
        adapter.Read(Sample, content);

        var watch = Stopwatch.StartNew();
        adapter.Read(Sample, content);

        // 1.5 MB; measured well under a second here. The bound only catches a pathological slowdown.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Read_NoSessionHeader_FailsWithAClearError()
    {
        var result = new AiderChatHistoryAdapter().Read("x.md", "#### hello\n\nHi there\n");

        Assert.Empty(result.Traces);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(ImportIssueLevel.Error, issue.Level);
        Assert.Contains("aider chat started at", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnreadableStartTime_WarnsAndStillImports()
    {
        var result = new AiderChatHistoryAdapter().Read("x.md", "# aider chat started at yesterday\n\n#### fix it\n\nDone.\n\n> Tokens: 1.5k sent, 20 received.\n");

        var trace = Assert.Single(result.Traces);
        Assert.Null(trace.Run.StartedAt);
        Assert.Equal(ImportIssueLevel.Warning, Assert.Single(result.Issues).Level);
        Assert.Equal([StepKind.UserMessage, StepKind.AssistantMessage], trace.Steps.Select(s => s.Kind));
        Assert.Equal(new TokenUsage(1500, 20), trace.Steps[1].Tokens);
        Assert.Null(trace.Run.CostUsd);
        Assert.Equal(CostProvenance.Unknown, trace.Run.CostProvenance);
    }

    [Fact]
    public void Read_CacheTiers_KeepAiderTotal()
    {
        var result = new AiderChatHistoryAdapter().Read("x.md",
            "# aider chat started at 2025-01-02 03:04:05\n\n#### go\n\nok\n\n> Tokens: 10k sent, 2k cache write, 6k cache hit, 300 received. Cost: $0.05 message, $0.07 session.\n");

        var reply = Assert.Single(result.Traces).Steps[1];
        Assert.Equal(new TokenUsage(2000, 300, 6000, 2000), reply.Tokens);
        Assert.Equal(0.05m, reply.CostUsd);
        Assert.Equal(0.07m, result.Traces[0].Run.CostUsd);
    }
}

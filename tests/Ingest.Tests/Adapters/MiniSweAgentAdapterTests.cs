using System.Globalization;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Adapters.MiniSweAgent;
using Martin360.Tests.Shared;

namespace Martin360.Ingest.Tests.Adapters;

public sealed class MiniSweAgentAdapterTests
{
    private static readonly TraceFormats s_formats = TraceFormats.CreateDefault();

    // Expected values counted from the files with python (json + re):
    //   steps: assistant messages; kinds from each ```bash block's first command (after "cd X &&"):
    //     cat/nl/sed -n -> read, cat > / cat >> / sed -i -> edit, ls/find/grep -> search, python3/rm -> shell,
    //     echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT -> claim
    //   failed commands: <returncode> other than 0 in the next user message
    //   tokens: sums of extra.response.usage (prompt_tokens minus prompt_tokens_details.cached_tokens = input,
    //     cached_tokens = cache read, completion_tokens = output, completion_tokens_details.reasoning_tokens)
    //   cost: info.model_stats.instance_cost (equals the sum of usage.cost)
    //   edited files: targets of "cat > / cat >>" and "sed -i" commands
    [Theory]
    [InlineData("mini-swe-agent/django__django-10999.traj.json", 18, "ShellCommand=7, FileRead=4, FileEdit=4, Search=2, CompletionClaim=1", 0, 42498, 4833, 72875, 285, "0.15756699999999998", "Submitted", 3)]
    [InlineData("mini-swe-agent/django__django-16255.traj.json", 17, "ShellCommand=6, FileRead=2, FileEdit=4, Search=4, CompletionClaim=1", 0, 27406, 2317, 33662, 250, "0.08934840000000001", "Submitted", 4)]
    [InlineData("mini-swe-agent/github_issue.traj.json", 10, "ShellCommand=2, FileRead=3, FileEdit=2, Search=2, CompletionClaim=1", 2, 0, 0, 0, 0, null, null, 1)]
    public void Read_RealTrajectory_MapsEveryAssistantTurnToOneStep(
        string file, int steps, string kinds, int failed, long input, long output, long cacheRead, long reasoning, string? cost, string? exitStatus, int editedFiles)
    {
        var result = s_formats.Read(file, TraceFiles.Read(file));

        Assert.Equal(MiniSweAgentAdapter.FormatName, result.Format);
        Assert.Empty(result.Issues);
        var trace = Assert.Single(result.Traces);
        Assert.Equal(steps, trace.Steps.Count);
        Assert.Equal(kinds, StepKindCounts.Of(trace));
        Assert.Equal(StepKind.CompletionClaim, trace.Steps[^1].Kind);
        Assert.Equal(failed, trace.Steps.Count(s => s.ExitCode is not (null or 0)));
        Assert.All(trace.Steps.Where(s => s.Kind != StepKind.CompletionClaim), s => Assert.NotNull(s.ExitCode));
        Assert.Equal(new TokenUsage(input, output, cacheRead, 0, reasoning), trace.Run.Tokens);
        Assert.Equal(cost is null ? null : decimal.Parse(cost, CultureInfo.InvariantCulture), trace.Run.CostUsd);
        Assert.Equal(cost is null ? CostProvenance.Unknown : CostProvenance.Reported, trace.Run.CostProvenance);
        Assert.Equal(exitStatus, trace.Run.ExitReason);
        Assert.Equal(exitStatus is null ? RunStatus.Unknown : RunStatus.Completed, trace.Run.Status);
        var edited = trace.Steps.SelectMany(s => s.Files).Where(f => f.Action is FileAction.Edit or FileAction.Create).Select(f => f.Path).Distinct();
        Assert.Equal(editedFiles, edited.Count());
    }

    [Fact]
    public void Read_CurrentFormat_KeepsThoughtCommandOutputAndPerResponseUsage()
    {
        const string file = "mini-swe-agent/django__django-16255.traj.json";

        var trace = Assert.Single(s_formats.Read(file, TraceFiles.Read(file)).Traces);

        // messages[2] (first assistant turn) and messages[3] (its observation)
        var first = trace.Steps[0];
        Assert.Equal("ls -R django/contrib/sitemaps", first.Command);
        Assert.StartsWith("THOUGHT: I need to locate the file mentioned in the traceback", first.Input, StringComparison.Ordinal);
        Assert.DoesNotContain("```", first.Input, StringComparison.Ordinal);
        Assert.Equal(0, first.ExitCode);
        Assert.StartsWith("django/contrib/sitemaps:\n__init__.py", first.Output, StringComparison.Ordinal);
        Assert.Equal("google/gemini-3-pro-preview", first.Model);
        Assert.Equal(new TokenUsage(1779, 226, 0, 0, 164), first.Tokens);
        Assert.Equal(0.00627m, first.CostUsd);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763509960), first.Timestamp);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763509960), trace.Run.StartedAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763510028), trace.Run.EndedAt);

        var fix = Assert.Single(trace.Steps, s => s.Command!.StartsWith("sed -i '171s", StringComparison.Ordinal));
        Assert.Equal(StepKind.FileEdit, fix.Kind);
        Assert.Equal(new FileTouch("django/contrib/sitemaps/__init__.py", FileAction.Edit), Assert.Single(fix.Files));
        Assert.Equal(["python3 tests/runtests.py sitemaps_tests"], trace.Steps.Where(s => s.Kind == StepKind.ShellCommand && s.Command!.Contains("runtests", StringComparison.Ordinal)).Select(s => s.Command));

        Assert.Equal("django__django-16255", trace.Run.TaskTitle);
        Assert.Equal("1.15.0", trace.Run.AgentVersion);
        Assert.Contains("Sitemaps without items raise ValueError on callable lastmod.", trace.Run.TaskObjective, StringComparison.Ordinal);
        Assert.StartsWith("diff --git a/django/contrib/sitemaps/__init__.py", trace.Steps[^1].Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OlderListFormat_ReadsMsweaBlocksAndReturnCodes()
    {
        const string file = "mini-swe-agent/github_issue.traj.json";

        var trace = Assert.Single(s_formats.Read(file, TraceFiles.Read(file)).Traces);

        // The first command cats a path that does not exist: <returncode>1</returncode>.
        var first = trace.Steps[0];
        Assert.Equal(StepKind.FileRead, first.Kind);
        Assert.Equal(1, first.ExitCode);
        Assert.True(first.IsError);
        Assert.Equal("cat: /Users/fuchur/Documents/24/git_sync/swe-agent-test-repo/tests/./missing_colon.py: No such file or directory", first.Output);
        var rewrite = Assert.Single(trace.Steps, s => s.Command!.StartsWith("cat > tests/missing_colon.py", StringComparison.Ordinal));
        Assert.Equal(StepKind.FileEdit, rewrite.Kind);
        Assert.Equal(new FileTouch("tests/missing_colon.py", FileAction.Edit), Assert.Single(rewrite.Files));
        Assert.Null(trace.Run.AgentVersion);
    }

    [Fact]
    public void Read_ReplyWithoutOneBashBlock_IsAnAssistantMessageMarkedAsError()
    {
        const string content = """
            {"info": {"exit_status": "LimitsExceeded", "mini_version": "1.0", "model_stats": {"instance_cost": 0.5, "api_calls": 3}},
             "messages": [
               {"role": "system", "content": "You are a helpful assistant."},
               {"role": "user", "content": "Fix the bug."},
               {"role": "assistant", "content": "THOUGHT: run the tests\n\n```bash\npytest -q tests/test_x.py\n```"},
               {"role": "user", "content": "<returncode>1</returncode>\n<output>\n1 failed\n</output>"},
               {"role": "assistant", "content": "I think it works now."},
               {"role": "user", "content": "Please always provide EXACTLY ONE action in triple backticks."}],
             "trajectory_format": "mini-swe-agent-1"}
            """;

        var trace = Assert.Single(s_formats.Read("x.traj.json", content).Traces);

        Assert.Equal([StepKind.ShellCommand, StepKind.AssistantMessage], trace.Steps.Select(s => s.Kind));
        Assert.Equal("pytest -q tests/test_x.py", trace.Steps[0].Command);
        Assert.Equal(1, trace.Steps[0].ExitCode);
        Assert.Equal("1 failed", trace.Steps[0].Output);
        Assert.True(trace.Steps[1].IsError);
        Assert.Equal(RunStatus.Aborted, trace.Run.Status);
        Assert.Equal("LimitsExceeded", trace.Run.ExitReason);
        Assert.Equal("Fix the bug.", trace.Run.TaskObjective);
    }

    [Fact]
    public void Read_TruncatedTrajectory_ReportsTheLineAndImportsNothing()
    {
        const string file = "mini-swe-agent/django__django-10999.traj.json";
        var content = TraceFiles.Read(file);
        var truncated = content[..(content.Length * 2 / 3)];

        var result = s_formats.Read(file, truncated);

        Assert.Equal(MiniSweAgentAdapter.FormatName, result.Format);
        Assert.Empty(result.Traces);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(truncated.Count(c => c == '\n') + 1, issue.Line);
    }

    [Fact]
    public void Read_SameFileTwice_GivesTheSameIds()
    {
        const string file = "mini-swe-agent/django__django-10999.traj.json";
        var content = TraceFiles.Read(file);

        var first = Assert.Single(s_formats.Read(file, content).Traces);
        var second = Assert.Single(s_formats.Read(file, content).Traces);

        Assert.StartsWith("django__django-10999-", first.Run.Id, StringComparison.Ordinal);
        Assert.Equal(first.Run.Id, second.Run.Id);
        Assert.Equal(first.Steps.Select(s => s.Id), second.Steps.Select(s => s.Id));
    }
}

using System.Text.RegularExpressions;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Adapters.SweAgent;
using Martin360.Tests.Shared;

namespace Martin360.Ingest.Tests.Adapters;

public sealed class SweAgentAdapterTests
{
    private static readonly TraceFormats s_formats = TraceFormats.CreateDefault();

    // Expected values counted from the files themselves:
    //   steps:  jq '.trajectory | length'
    //   kinds:  jq -r '.trajectory[].action | split(" ")[0]' | sort | uniq -c
    //           (open -> read; edit/insert -> edit; create -> create; find_file and bash ls -> search;
    //            python/python3/pip/rm -> shell; submit -> claim)
    //   rejected edits: observations containing "Your proposed edit has introduced new syntax error" (python)
    //   tokens and cost: jq '.info.model_stats'; exit: jq '.info.exit_status'
    [Theory]
    [InlineData("swe-agent/6e44b9__sweagenttestrepo-1c2844.traj", 5, "ShellCommand=1, FileRead=1, FileEdit=1, Search=1, CompletionClaim=1", 0, 7141, 243, "0.019520000000000006")]
    [InlineData("swe-agent/marshmallow-code__marshmallow-1867__function_calling_replace_from_source.traj", 13, "ShellCommand=4, FileRead=2, FileEdit=2, FileCreate=1, Search=3, CompletionClaim=1", 0, 0, 0, "0")]
    [InlineData("swe-agent/pydicom__pydicom-1458.traj", 12, "ShellCommand=3, FileRead=1, FileEdit=5, FileCreate=1, Search=1, CompletionClaim=1", 3, 122612, 1369, "1.26719")]
    [InlineData("swe-agent/swe-agent__test-repo-i1.traj", 5, "ShellCommand=1, FileRead=1, FileEdit=1, Search=1, CompletionClaim=1", 0, 52861, 326, "0.53839")]
    public void Read_RealTrajectory_MapsEveryActionToOneStep(string file, int steps, string kinds, int rejectedEdits, long sent, long received, string cost)
    {
        var result = s_formats.Read(file, TraceFiles.Read(file));

        Assert.Equal(SweAgentAdapter.FormatName, result.Format);
        Assert.Empty(result.Issues);
        var trace = Assert.Single(result.Traces);
        Assert.Equal(steps, trace.Steps.Count);
        Assert.Equal(Enumerable.Range(1, steps).Select(i => (long)i), trace.Steps.Select(s => s.Sequence));
        Assert.Equal(kinds, StepKindCounts.Of(trace));
        Assert.Equal(StepKind.CompletionClaim, trace.Steps[^1].Kind);
        Assert.Equal(rejectedEdits, trace.Steps.Count(s => s.IsError));
        Assert.Equal(new TokenUsage(sent, received), trace.Run.Tokens);
        Assert.Equal(decimal.Parse(cost, System.Globalization.CultureInfo.InvariantCulture), trace.Run.CostUsd);
        Assert.Equal(CostProvenance.Reported, trace.Run.CostProvenance);
        Assert.Equal("submitted", trace.Run.ExitReason);
        Assert.Equal(RunStatus.Completed, trace.Run.Status);
    }

    [Theory]
    [InlineData("swe-agent/6e44b9__sweagenttestrepo-1c2844.traj")]
    [InlineData("swe-agent/marshmallow-code__marshmallow-1867__function_calling_replace_from_source.traj")]
    [InlineData("swe-agent/pydicom__pydicom-1458.traj")]
    [InlineData("swe-agent/swe-agent__test-repo-i1.traj")]
    public void Read_RealTrajectory_EditedFilesCoverTheSubmittedPatch(string file)
    {
        var content = TraceFiles.Read(file);
        var trace = Assert.Single(s_formats.Read(file, content).Traces);

        // The files of info.submission's diff (each file has exactly one "diff --git a/X b/X" line).
        var patched = Regex.Matches(content, @"diff --git a/(\S+) b/").Select(m => m.Groups[1].Value).Distinct().ToArray();
        var edited = trace.Steps.Where(s => s.Kind == StepKind.FileEdit).SelectMany(s => s.Files).Select(f => f.Path).Distinct().ToArray();
        Assert.NotEmpty(patched);
        Assert.All(patched, p => Assert.Contains(edited, e => e.EndsWith(p, StringComparison.Ordinal)));
    }

    [Fact]
    public void Read_V1Trajectory_TakesModelAndTaskFromReplayConfigAndKeepsThoughtAsInput()
    {
        const string file = "swe-agent/6e44b9__sweagenttestrepo-1c2844.traj";

        var trace = Assert.Single(s_formats.Read(file, TraceFiles.Read(file)).Traces);

        // replay_config is a JSON string: jq -r .replay_config | jq '.agent.model.name, .problem_statement.id'
        Assert.All(trace.Steps, s => Assert.Equal("gpt-4o", s.Model));
        Assert.Equal("SWE-agent__test-repo-i1", trace.Run.TaskTitle);
        Assert.Equal("https://github.com/SWE-agent/test-repo/", trace.Run.Repository);
        Assert.StartsWith("SWE-agent__test-repo-i1-", trace.Run.Id, StringComparison.Ordinal);
        var open = trace.Steps[1];
        Assert.Equal("open \"/SWE-agent__test-repo/tests/missing_colon.py\"", open.Command);
        Assert.StartsWith("The file `missing_colon.py` is located in the `tests` directory.", open.Input, StringComparison.Ordinal);
        Assert.StartsWith("[File: /SWE-agent__test-repo/tests/missing_colon.py (10 lines total)]", open.Output, StringComparison.Ordinal);
        Assert.Equal(new FileTouch("/SWE-agent__test-repo/tests/missing_colon.py", FileAction.Read), Assert.Single(open.Files));
        // execution_time of the third element (the edit): 0.4935787079994043 s
        Assert.Equal(0.4935787079994043, trace.Steps[2].Duration!.Value.TotalSeconds, 3);
        Assert.StartsWith("\ndiff --git a/tests/missing_colon.py", trace.Steps[^1].Output?.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_V0Trajectory_EditsApplyToTheOpenFileFromTheStateString()
    {
        const string file = "swe-agent/pydicom__pydicom-1458.traj";

        var trace = Assert.Single(s_formats.Read(file, TraceFiles.Read(file)).Traces);

        // Elements 6-9 are "edit 287:29x" with state "{\"open_file\": \"/pydicom__pydicom/pydicom/pixel_data_handlers/numpy_handler.py\", ...}";
        // the first three were refused for syntax errors, the fourth applied.
        var edits = trace.Steps.Where(s => s.Command!.StartsWith("edit 287:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(4, edits.Length);
        Assert.All(edits, e => Assert.Equal(new FileTouch("/pydicom__pydicom/pydicom/pixel_data_handlers/numpy_handler.py", FileAction.Edit), Assert.Single(e.Files)));
        Assert.Equal([true, true, true, false], edits.Select(e => e.IsError));
        Assert.Equal(new FileTouch("reproduce_bug.py", FileAction.Create), Assert.Single(trace.Steps[0].Files));
        Assert.Equal(new FileTouch("reproduce_bug.py", FileAction.Delete), Assert.Single(trace.Steps[10].Files));
        Assert.Null(trace.Steps[0].Model);
        Assert.StartsWith("We're currently solving the following issue", trace.Run.TaskObjective, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SameFileTwice_GivesTheSameRunAndStepIds()
    {
        const string file = "swe-agent/swe-agent__test-repo-i1.traj";
        var content = TraceFiles.Read(file);

        var first = Assert.Single(s_formats.Read(file, content).Traces);
        var second = Assert.Single(s_formats.Read("elsewhere.traj", content).Traces);

        Assert.Equal(first.Run.Id, second.Run.Id);
        Assert.Equal(first.Steps.Select(s => s.Id), second.Steps.Select(s => s.Id));
        Assert.Equal(first.Steps.Count, first.Steps.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void Read_TruncatedTrajectory_ReportsTheLineAndImportsNothing()
    {
        const string file = "swe-agent/swe-agent__test-repo-i1.traj";
        var content = TraceFiles.Read(file);
        var truncated = content[..(content.Length / 2)];

        var result = s_formats.Read(file, truncated);

        Assert.Equal(SweAgentAdapter.FormatName, result.Format);
        Assert.Empty(result.Traces);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(ImportIssueLevel.Error, issue.Level);
        Assert.Equal(truncated.Count(c => c == '\n') + 1, issue.Line);
        Assert.Contains("invalid JSON", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("submitted (exit_cost)", RunStatus.Aborted)]
    [InlineData("exit_context", RunStatus.Aborted)]
    [InlineData("exit_format", RunStatus.Failed)]
    [InlineData("exit_error", RunStatus.Failed)]
    public void Read_ExitStatus_MapsToRunStatusAndKeepsTheReason(string exitStatus, RunStatus status)
    {
        var content = $$"""
            {"trajectory": [{"action": "ls", "observation": "a.py", "thought": "look", "state": {"open_file": "n/a"} }],
             "info": {"exit_status": "{{exitStatus}}", "model_stats": {"instance_cost": 3.01, "tokens_sent": 10, "tokens_received": 2 } } }
            """;

        var trace = Assert.Single(s_formats.Read("x.traj", content).Traces);

        Assert.Equal(status, trace.Run.Status);
        Assert.Equal(exitStatus, trace.Run.ExitReason);
        Assert.Equal(3.01m, trace.Run.CostUsd);
        Assert.DoesNotContain(trace.Steps, s => s.Kind == StepKind.CompletionClaim);
    }

    [Fact]
    public void Read_StrReplaceEditorActions_MapToFileKindsWithTheirPaths()
    {
        const string content = """
            {"trajectory": [
              {"action": "str_replace_editor view /testbed/a.py", "observation": "", "thought": ""},
              {"action": "str_replace_editor create /testbed/new.py --file_text 'x = 1'", "observation": "", "thought": ""},
              {"action": "str_replace_editor str_replace /testbed/a.py --old_str 'a' --new_str 'b'", "observation": "", "thought": ""},
              {"action": "python -m pytest tests/test_a.py", "observation": "1 passed", "thought": ""},
              {"action": "submit", "observation": "", "thought": "done"}],
             "info": {"exit_status": "submitted", "submission": "diff --git a/a.py b/a.py\n"}}
            """;

        var trace = Assert.Single(s_formats.Read("x.traj", content).Traces);

        Assert.Equal([StepKind.FileRead, StepKind.FileCreate, StepKind.FileEdit, StepKind.ShellCommand, StepKind.CompletionClaim], trace.Steps.Select(s => s.Kind));
        Assert.Equal(new FileTouch("/testbed/new.py", FileAction.Create), Assert.Single(trace.Steps[1].Files));
        Assert.Equal(new FileTouch("/testbed/a.py", FileAction.Edit), Assert.Single(trace.Steps[2].Files));
        Assert.Equal("python -m pytest tests/test_a.py", trace.Steps[3].Command);
        Assert.Equal("diff --git a/a.py b/a.py\n", trace.Steps[4].Output);
        Assert.Equal(CostProvenance.Unknown, trace.Run.CostProvenance);
    }
}

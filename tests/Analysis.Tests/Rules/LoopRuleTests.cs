using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;

namespace Martin360.Analysis.Tests.Rules;

public sealed class LoopRuleTests
{
    [Fact]
    public void Analyze_SameActionAndObservationFourTimes_FlagsExactLoop()
    {
        var trace = new TraceBuilder().Shell("git status", "clean").Repeat(4, b => b.Shell("cat setup.py", "from setuptools import setup")).Shell("pytest", "ok");

        var loop = Assert.Single(Analyze.Findings(trace, FindingKind.Loop));

        Assert.Equal([2, 3, 4, 5], loop.Steps);
        Assert.True(loop.Confidence >= 0.9);
        Assert.Contains("repeated 4 times", loop.Summary);
    }

    [Fact]
    public void Analyze_SameActionEndingInErrorThreeTimes_FlagsLoop()
    {
        var trace = new TraceBuilder().Repeat(3, b => b.Shell("npm run build", "TypeError: generate is not a function", exitCode: 1)).Message("Let me try something else");

        var loop = Assert.Single(Analyze.Findings(trace, FindingKind.Loop));

        Assert.Equal([1, 2, 3], loop.Steps);
        Assert.Contains("same error", loop.Summary);
    }

    [Fact]
    public void Analyze_SameMessageThreeTimesWithNothingBetween_FlagsMonologue()
    {
        var trace = new TraceBuilder().Shell("ls", "a.py").Repeat(3, b => b.Message("I will now fix the bug in a.py."));

        var loop = Assert.Single(Analyze.Findings(trace, FindingKind.Loop));

        Assert.Equal([2, 3, 4], loop.Steps);
        Assert.Contains("same message 3 times", loop.Summary);
    }

    [Fact]
    public void Analyze_AlternatingPairOverSixSteps_FlagsPeriodTwoCycle()
    {
        var trace = new TraceBuilder().Repeat(3, b => b.Shell("cat a.py", "x = 1").Shell("cat b.py", "y = 2"));

        var loop = Assert.Single(Analyze.Findings(trace, FindingKind.Loop));

        Assert.Equal([1, 2, 3, 4, 5, 6], loop.Steps);
        Assert.Contains("cycle of 2 actions", loop.Summary);
    }

    [Fact]
    public void Analyze_ThreeStepCycleRepeatedThreeTimes_FlagsLongerCycle()
    {
        var trace = new TraceBuilder().Repeat(3, b => b
            .Edit("src/a.py", "replace x with y", "no change made")
            .Test("pytest tests/test_a.py", false, "FAILED tests/test_a.py::test_x - AssertionError", "tests/test_a.py::test_x")
            .Read("src/a.py", "x = 1"));

        var loop = Assert.Single(Analyze.Findings(trace, FindingKind.Loop));

        Assert.Equal(9, loop.Steps.Count);
        Assert.Contains("cycle of 3 actions", loop.Summary);
    }

    [Fact]
    public void Analyze_CommandsDifferingOnlyInNoise_FlagsLoop()
    {
        // Quotes, line numbers, absolute vs relative path, a "cd X &&" prefix and the thought text all differ.
        var trace = new TraceBuilder()
            .Thought("Let me look at the function").Shell("sed -n '10,20p' /work/repo/src/app.py", "def f(): pass")
            .Thought("Checking the function again").Shell("sed -n \"12,22p\" src/app.py", "def f(): pass")
            .Thought("Now I look at it once more").Shell("cd /work/repo && sed -n 14,24p src/app.py", "def f(): pass")
            .Thought("One more look").Shell("sed  -n   '16,26p'   ./src/app.py", "def f(): pass");

        var loop = Assert.Single(Analyze.Findings(trace, FindingKind.Loop));

        Assert.Equal([2, 4, 6, 8], loop.Steps);
    }

    [Fact]
    public void Analyze_ObservationsDifferingOnlyInTimestampsAndDurations_FlagsLoop()
    {
        var trace = new TraceBuilder()
            .Shell("pytest -x", "2025-09-03T01:00:18Z Ran 12 tests in 0.119s at 0x7f3a2b", 0)
            .Shell("pytest -x", "2025-09-03T01:02:44Z Ran 12 tests in 0.131s at 0x7f9c11", 0)
            .Shell("pytest -x", "2025-09-03T01:03:01Z Ran 12 tests in 0.120s at 0x7f0001", 0)
            .Shell("pytest -x", "2025-09-03T01:04:12Z Ran 12 tests in 0.101s at 0x7f0002", 0);

        Assert.Single(Analyze.Findings(trace, FindingKind.Loop));
    }

    [Fact]
    public void Analyze_FailingWritesToOneFileThroughDifferentTools_FlagsNearDuplicateLoop()
    {
        // Claude Code's shape (fe5e1c67 steps 93-95): a refused write lists no changed file; the path is in the arguments.
        const string error = "<tool_use_error>File has not been read yet. Read it first before writing to it.</tool_use_error>";
        var trace = new TraceBuilder()
            .Add(StepKind.FileEdit, s => s with { Name = "Edit", Input = """{"file_path":"/p/types/index.ts","old_string":"a","new_string":"b"}""", Output = error, IsError = true })
            .Add(StepKind.FileEdit, s => s with { Name = "MultiEdit", Input = """{"file_path":"/p/types/index.ts","edits":[]}""", Output = error, IsError = true })
            .Add(StepKind.FileCreate, s => s with { Name = "Write", Input = """{"file_path":"/p/types/index.ts","content":"whole"}""", Output = error, IsError = true });

        var loop = Assert.Single(Analyze.Findings(trace, FindingKind.Loop));

        Assert.Equal([1, 2, 3], loop.Steps);
        Assert.Contains("3 attempts in a row to change the same file failed", loop.Summary);
        Assert.Contains("Edit /p/types/index.ts", loop.Summary);
        Assert.True(loop.Confidence < 0.9);
    }

    [Fact]
    public void Analyze_FailingWritesToDifferentFiles_AreNotALoop()
    {
        const string error = "ERROR:\nNo replacement was performed, old_str `x` did not appear verbatim.";
        var trace = new TraceBuilder()
            .Edit("src/a.c", "str_replace a", error, error: true)
            .Edit("src/b.c", "str_replace b", error, error: true)
            .Edit("src/c.c", "str_replace c", error, error: true);

        Assert.Empty(Analyze.Findings(trace, FindingKind.Loop));
    }

    [Fact]
    public void Analyze_SameFailingCommandWithRewordedNarrationBetween_IsStillALoop()
    {
        // Claude Code writes "Let me run it from the right directory:" as its own message before each call (fe5e1c67 247-253).
        const string output = "> Build error occurred\n[TypeError: generate is not a function]";
        var trace = new TraceBuilder()
            .Shell("npm run build", output, 1)
            .Message("Let me run the build in the correct directory:")
            .Shell("npm run build", output, 1)
            .Message("Let me navigate to the todo-app directory first:")
            .Shell("npm run build", output, 1);

        var loop = Assert.Single(Analyze.Findings(trace, FindingKind.Loop));

        Assert.Equal([1, 3, 5], loop.Steps);
        Assert.Contains("repeated 3 times with the same error", loop.Summary);
    }

    [Fact]
    public void Analyze_AppliedEditsWithoutRecordedContent_AreNotALoop()
    {
        // Aider's chat history (session "Add tests for `subtree_only`", steps 37, 40, 43): three different fixes to one
        // test file, each applied without the edit text in the trace; only the narration between them differs.
        var trace = new TraceBuilder()
            .Message("To fix this, remove the repo parameter:")
            .Add(StepKind.FileEdit, s => s with { Name = "apply_edit", Files = [new FileTouch("tests/basic/test_repomap.py", FileAction.Edit)] })
            .Message("To fix the flake8 error, remove the unused variable:")
            .Add(StepKind.FileEdit, s => s with { Name = "apply_edit", Files = [new FileTouch("tests/basic/test_repomap.py", FileAction.Edit)] })
            .Message("To fix the flake8 error, remove the unused import:")
            .Add(StepKind.FileEdit, s => s with { Name = "apply_edit", Files = [new FileTouch("tests/basic/test_repomap.py", FileAction.Edit)] });

        Assert.Empty(Analyze.Findings(trace, FindingKind.Loop));
    }

    [Fact]
    public void Analyze_SameMessageThreeTimesBeforeATool_IsStillAMonologue()
    {
        var trace = new TraceBuilder()
            .Message("I will now fix it.")
            .Message("I will now fix it.")
            .Message("I will now fix it.")
            .Shell("ls");

        Assert.Contains(Analyze.Findings(trace, FindingKind.Loop), f => f.Summary.Contains("same message 3 times", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_PollingWhoseOutputChanges_IsNotALoop()
    {
        var trace = new TraceBuilder()
            .Shell("kubectl rollout status deploy/web", "Waiting: 1 of 4 updated replicas are available")
            .Shell("kubectl rollout status deploy/web", "Waiting: 2 of 4 updated replicas are available")
            .Shell("kubectl rollout status deploy/web", "Waiting: 3 of 4 updated replicas are available")
            .Shell("kubectl rollout status deploy/web", "Waiting: 4 of 4 updated replicas are available")
            .Shell("kubectl rollout status deploy/web", "deployment \"web\" successfully rolled out");

        Assert.Empty(Analyze.Findings(trace, FindingKind.Loop));
    }

    [Fact]
    public void Analyze_RetestAfterEditsThatChangeSomething_IsNotALoop()
    {
        var trace = new TraceBuilder()
            .Test("pytest tests/test_a.py", false, "FAILED test_x - AssertionError: 1 != 2", "test_x")
            .Edit("src/a.py", "return 2")
            .Test("pytest tests/test_a.py", false, "FAILED test_y - KeyError: 'k'", "test_y")
            .Edit("src/a.py", "d['k'] = 1")
            .Test("pytest tests/test_a.py", false, "FAILED test_z - ValueError", "test_z")
            .Edit("src/a.py", "int(v)")
            .Test("pytest tests/test_a.py", true, "3 passed");

        Assert.Empty(Analyze.Findings(trace, FindingKind.Loop));
    }

    [Fact]
    public void Analyze_UserMessageBetweenRepeats_BreaksTheLoop()
    {
        var trace = new TraceBuilder()
            .Shell("make", "ok").Shell("make", "ok")
            .User("try again please")
            .Shell("make", "ok").Shell("make", "ok");

        Assert.Empty(Analyze.Findings(trace, FindingKind.Loop));
    }

    [Fact]
    public void Analyze_LoopRunningIntoTheEnd_IsCriticalAndRunIsStuck()
    {
        var trace = new TraceBuilder().Run(r => r with { Status = RunStatus.Aborted })
            .Edit("src/a.py", "fix").Repeat(5, b => b.Shell("python run.py", "Traceback: ValueError", exitCode: 1));

        var result = Analyze.Run(trace);

        var loop = Assert.Single(result.Findings, f => f.Kind == FindingKind.Loop);
        Assert.Equal(Severity.Critical, loop.Severity);
        Assert.Equal(Outcome.Stuck, result.Outcome);
        Assert.Contains(result.Recommendations, r => r.Contains("Restart from before step 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_Loop_CountsRepeatsAfterTheFirstAsWaste()
    {
        var trace = new TraceBuilder().Repeat(4, b => b.Add(StepKind.ShellCommand, s => s with { Command = "ls", Output = "a" }, tokens: 1000, usd: 0.5m));

        var loop = Assert.Single(Analyze.Findings(trace, FindingKind.Loop));

        Assert.Equal(3000, loop.WastedTokens);
        Assert.Equal(1.5m, loop.WastedUsd);
    }

    [Fact]
    public void Analyze_UnknownStepCost_CountsAsZeroUsd()
    {
        var trace = new TraceBuilder().Repeat(4, b => b.Add(StepKind.ShellCommand, s => s with { Command = "ls", Output = "a" }, tokens: 10, usd: null));

        var loop = Assert.Single(Analyze.Findings(trace, FindingKind.Loop));

        Assert.Equal(0m, loop.WastedUsd);
        Assert.Equal(30, loop.WastedTokens);
    }
}

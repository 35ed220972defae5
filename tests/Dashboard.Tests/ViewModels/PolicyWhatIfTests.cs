using Martin360.Analysis.Model;
using Martin360.Dashboard.ViewModels;
using Martin360.Ingest.Policies;

namespace Martin360.Dashboard.Tests.ViewModels;

public sealed class PolicyWhatIfTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Run_HardStepBudget_StopsLongRunsAtThatStepAndCountsTheRestAsSaved()
    {
        var policy = new Policy { Budget = new RunBudget { HardSteps = 4 } };
        var longRun = Trace("long", Enumerable.Range(1, 6).Select(i => Shell(i, $"echo {i}", 0.10m)));
        var shortRun = Trace("short", Enumerable.Range(1, 3).Select(i => Shell(i, $"echo {i}", 0.10m)));

        var report = PolicyWhatIf.Run(policy, [longRun, shortRun]);

        var stopped = report.Rows[0];
        Assert.Equal(("stop", 4L), (stopped.Action, stopped.AtStep));
        Assert.Equal("policy: hard budget reached: 4 of 4 steps", stopped.Reason);
        Assert.Equal(0.20m, stopped.SavedUsd);
        Assert.Equal(("continue", (long?)null), (report.Rows[1].Action, report.Rows[1].AtStep));
        Assert.Equal((1, 0.20m), (report.Stopped, report.SavedUsd));
    }

    [Fact]
    public void Run_BlockedCommandAndProtectedPath_StopAtTheCommandWarnAtTheEdit()
    {
        var policy = new Policy { BlockedCommands = [@"git\s+push\s+--force"], ProtectedPaths = ["tests/**"] };
        var pusher = Trace("pusher", [Shell(1, "git status", 0.05m), Shell(2, "git push --force origin main", 0.05m), Shell(3, "git log", 0.30m)]);
        var editor = Trace("editor", [Shell(1, "ls", 0.01m), Edit(2, "tests/test_invoice.py"), Shell(3, "pytest", 0.01m)]);

        var report = PolicyWhatIf.Run(policy, [pusher, editor]);

        Assert.Equal(("stop", 2L, 0.30m), (report.Rows[0].Action, report.Rows[0].AtStep, report.Rows[0].SavedUsd));
        Assert.Contains("blocked command at step 2", report.Rows[0].Reason, StringComparison.Ordinal);
        Assert.Equal(("warn", 2L), (report.Rows[1].Action, report.Rows[1].AtStep));
        Assert.Null(report.Rows[1].SavedUsd);
        Assert.Equal(1, report.Flagged);
    }

    [Fact]
    public void Run_StopOnLoop_StopsWhereAnalysisOfThePrefixFirstSeesTheLoop()
    {
        // The same failing command with the same error: LoopRule calls it a loop at the third identical failure (SameErrorRepeats = 3).
        var failing = Enumerable.Range(2, 6).Select(i => Shell(i, "python manage.py migrate", 0.10m) with
        {
            ExitCode = 1,
            IsError = true,
            Output = "django.db.utils.OperationalError: no such table: orders",
        });
        var trace = Trace("looping", [new Step { Id = "u", Sequence = 1, Kind = StepKind.UserMessage, Input = "Add the orders table." }, .. failing]);

        var on = PolicyWhatIf.Replay(new Policy { StopConditions = new StopConditions { OnLoop = true } }, trace);
        var off = PolicyWhatIf.Replay(new Policy(), trace);

        Assert.Equal(("stop", 4L), (on.Action, on.AtStep));
        Assert.StartsWith("policy: loop detected:", on.Reason, StringComparison.Ordinal);
        Assert.Equal(0.30m, on.SavedUsd);
        Assert.Equal("continue", off.Action);
    }

    [Fact]
    public void Run_NoStepCosts_SavedIsUnknownNotZero()
    {
        var trace = Trace("free", Enumerable.Range(1, 5).Select(i => Shell(i, "ls", null)));

        var row = PolicyWhatIf.Replay(new Policy { Budget = new RunBudget { HardSteps = 2 } }, trace);

        Assert.Equal(("stop", 2L), (row.Action, row.AtStep));
        Assert.Null(row.SavedUsd);
    }

    private static Trace Trace(string id, IEnumerable<Step> steps) =>
        Martin360.Analysis.Model.Trace.Create(new Run { Id = id, SourceFormat = "martin360/v1", TaskTitle = id, StartedAt = s_start }, steps);

    private static Step Shell(long sequence, string command, decimal? cost) => new()
    {
        Id = "s" + sequence, Sequence = sequence, Kind = StepKind.ShellCommand, Command = command, ExitCode = 0, CostUsd = cost,
        Timestamp = s_start.AddSeconds(sequence),
    };

    private static Step Edit(long sequence, string path) => new()
    {
        Id = "e" + sequence, Sequence = sequence, Kind = StepKind.FileEdit, Files = [new FileTouch(path, FileAction.Edit)], Timestamp = s_start.AddSeconds(sequence),
    };
}

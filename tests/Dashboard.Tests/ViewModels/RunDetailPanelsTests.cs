using Martin360.Analysis.Model;
using Martin360.Dashboard.ViewModels.Panels;
using Martin360.Ingest.Http;
using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.Tests.ViewModels;

public sealed class RunDetailPanelsTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Files_ReadsAndEditsAcrossFiles_ListedInOrderWithSwitchesAndTheUnexplainedOneFlagged()
    {
        Step[] steps =
        [
            Touch(1, StepKind.FileRead, "billing/invoice.py", FileAction.Read),
            Touch(2, StepKind.FileEdit, "billing/invoice.py", FileAction.Edit),
            Touch(3, StepKind.FileRead, "billing/tax.py", FileAction.Read),
            Touch(5, StepKind.FileEdit, "setup.cfg", FileAction.Edit),
        ];
        var finding = new FindingView("unexplained_file_switch", "warning", 0.6, [3, 5],
            "Step 5 edits setup.cfg after billing/tax.py (step 3): it is not named in the task.", 0, 0);

        var rows = FilesPanel.Build(steps, [finding]);

        Assert.Equal(["billing/invoice.py", "billing/invoice.py", "billing/tax.py", "setup.cfg"], rows.Select(r => r.Path));
        Assert.Equal(["read", "edit", "read", "edit"], rows.Select(r => r.Action));
        Assert.Equal([false, false, true, true], rows.Select(r => r.IsSwitch));
        // Only the file the finding's last evidence step switched to: not the file it came from.
        Assert.Equal([false, false, false, true], rows.Select(r => r.IsUnexplained));
    }

    [Fact]
    public void Files_OtherFindingKinds_FlagNothing()
    {
        var rows = FilesPanel.Build([Touch(1, StepKind.FileEdit, "a.py", FileAction.Edit)], [new FindingView("loop", "warning", 0.9, [1], "a.py edited 4 times", 0, 0)]);

        Assert.False(Assert.Single(rows).IsUnexplained);
    }

    [Fact]
    public void Verifiers_RunsInOrder_NumberedWithCountsAndExitCodeWhenSuccessIsNotReported()
    {
        Step[] steps =
        [
            new() { Id = "a", Sequence = 4, Kind = StepKind.VerifierRun, Command = "pytest -q", Verifier = new VerifierResult { Framework = "pytest", Passed = 10, Failed = 2, Success = false, FailingTests = ["test_round"] } },
            new() { Id = "b", Sequence = 6, Kind = StepKind.ShellCommand, Command = "ls" },
            new() { Id = "c", Sequence = 9, Kind = StepKind.VerifierRun, Command = "npm test", ExitCode = 0 },
            new() { Id = "d", Sequence = 12, Kind = StepKind.VerifierRun, Command = "go test ./...", Verifier = new VerifierResult { Passed = 12, Failed = 0, Success = true } },
        ];

        var rows = VerifierPanel.Build(steps);

        Assert.Equal([1, 2, 3], rows.Select(r => r.Number));
        Assert.Equal([4L, 9L, 12L], rows.Select(r => r.Sequence));
        Assert.Equal(["failed", "passed", "passed"], rows.Select(r => r.Result));
        Assert.Equal([10, 0, 12], rows.Select(r => r.PassedCount));
        Assert.Equal([2, 0, 0], rows.Select(r => r.FailedCount));
        Assert.Null(rows[1].Passed);
        Assert.Equal("#1 (step 4)", rows[0].Label);
        Assert.Equal(["test_round"], rows[0].FailingTests);
    }

    [Fact]
    public void Cost_StepsWithAndWithoutPrices_SumsAsTheRunWentAndCountsTheUnpriced()
    {
        Step[] steps =
        [
            new() { Id = "a", Sequence = 1, Kind = StepKind.UserMessage },
            new() { Id = "b", Sequence = 2, Kind = StepKind.ModelCall, Tokens = new TokenUsage(1000, 200), CostUsd = 0.01m },
            new() { Id = "c", Sequence = 3, Kind = StepKind.ModelCall, Tokens = new TokenUsage(500, 100) },
            new() { Id = "d", Sequence = 4, Kind = StepKind.ModelCall, Tokens = new TokenUsage(2000, 300), CostUsd = 0.03m },
        ];

        var panel = CostPanel.Build(steps, new RunBudget { SoftUsd = 0.02m, HardUsd = 0.05m, HardTokens = 10_000 });

        Assert.Equal([0, 0.01, 0.01, 0.04], panel.Points.Select(p => Math.Round(p.CumulativeUsd, 6)));
        Assert.Equal([0L, 1200L, 1800L, 4100L], panel.Points.Select(p => p.CumulativeTokens));
        Assert.Null(panel.Points[2].StepUsd);
        Assert.Equal(1, panel.UnpricedSteps);
        Assert.True(panel.HasCost);
        Assert.Equal(["Soft budget", "Hard budget"], panel.UsdBudgets.Select(b => b.Title));
        Assert.All(panel.UsdBudgets[1].Levels, l => Assert.Equal(0.05, l.Value));
        Assert.Equal(4, panel.UsdBudgets[1].Levels.Count());
        Assert.Equal(10_000, Assert.Single(panel.TokenBudgets).Limit);
    }

    [Fact]
    public void Cost_TenThousandSteps_ChartIsThinnedButEndsAtTheRunsTotal()
    {
        var steps = Enumerable.Range(1, 10_000)
            .Select(i => new Step { Id = $"s{i}", Sequence = i, Kind = StepKind.ModelCall, Tokens = new TokenUsage(10, 0), CostUsd = 0.001m })
            .ToArray();

        var panel = CostPanel.Build(steps, RunBudget.None);

        Assert.Equal(10_000, panel.Points.Count);
        Assert.InRange(panel.ChartPoints.Count, 2, CostPanel.MaxChartPoints + 1);
        Assert.Equal(10_000, panel.ChartPoints[^1].Sequence);
        Assert.Equal(10.0, panel.ChartPoints[^1].CumulativeUsd, 6);
        Assert.Equal(100_000, panel.ChartPoints[^1].CumulativeTokens);
        Assert.Empty(panel.UsdBudgets);
    }

    [Fact]
    public void Cost_NoStepPriced_HasNoCost()
    {
        var panel = CostPanel.Build([new Step { Id = "a", Sequence = 1, Kind = StepKind.ModelCall, Tokens = new TokenUsage(100, 10) }], RunBudget.None);

        Assert.False(panel.HasCost);
        Assert.Equal(1, panel.UnpricedSteps);
    }

    [Fact]
    public void Team_AgentsInTheRunAndASubAgentRun_EachGetsItsShareOfStepsAndCost()
    {
        var run = Record("lead-1", "claude-code");
        Step[] steps =
        [
            new() { Id = "a", Sequence = 1, Kind = StepKind.UserMessage },
            new() { Id = "b", Sequence = 2, Kind = StepKind.ModelCall, Agent = "planner", Role = "plan", CostUsd = 0.30m },
            new() { Id = "c", Sequence = 3, Kind = StepKind.ModelCall, Agent = "planner", CostUsd = 0.10m },
            new() { Id = "d", Sequence = 4, Kind = StepKind.FileEdit, Agent = "coder", CostUsd = 0.20m },
        ];
        var child = Record("sub-1", "test-writer");
        child.ParentRunId = "lead-1";
        child.AgentRole = "tests";
        child.StepCount = 4;
        child.CostUsd = 0.40;
        child.Outcome = "verified_success";

        var team = TeamPanel.Build(run, steps, [child], null);

        Assert.True(team.IsTeam);
        Assert.Equal(8, team.TotalSteps);
        Assert.Equal(1.0, team.TotalCostUsd!.Value, 6);
        var byName = team.Members.ToDictionary(m => m.Name);
        Assert.Equal(["claude-code", "coder", "planner", "test-writer"], byName.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, byName["planner"].Steps);
        Assert.Equal("plan", byName["planner"].Role);
        Assert.Equal(0.25, byName["planner"].StepShare, 6);
        Assert.Equal(0.4, byName["planner"].CostShare!.Value, 6);
        Assert.Null(byName["claude-code"].CostUsd);
        Assert.Null(byName["claude-code"].CostShare);
        Assert.Equal("sub-1", byName["test-writer"].RunId);
        Assert.Equal(0.5, byName["test-writer"].StepShare, 6);
        Assert.Equal("verified_success", byName["test-writer"].Outcome);
        Assert.Equal("test-writer", team.Members[0].Name);
    }

    [Fact]
    public void Team_OneAgentNoSubRuns_IsNotATeamButASubAgentNamesItsParent()
    {
        Step[] steps = [new() { Id = "a", Sequence = 1, Kind = StepKind.ShellCommand, Command = "ls" }];
        var single = TeamPanel.Build(Record("solo", "codex"), steps, [], null);
        var sub = Record("sub", "codex");
        sub.ParentRunId = "lead";
        var parent = Record("lead", "claude-code");
        parent.TaskTitle = "Ship pagination";

        var asSub = TeamPanel.Build(sub, steps, [], parent);

        Assert.False(single.IsTeam);
        Assert.Equal(1.0, Assert.Single(single.Members).StepShare);
        Assert.True(asSub.IsTeam);
        Assert.Equal("lead", asSub.ParentRunId);
        Assert.Equal("Ship pagination", asSub.ParentTitle);
    }

    [Fact]
    public void Waterfall_TimedSteps_BarsStartAndSpanAsShareOfTheRun()
    {
        Step[] steps =
        [
            new() { Id = "a", Sequence = 1, Kind = StepKind.ModelCall, Timestamp = s_start, Duration = TimeSpan.FromSeconds(10) },
            new() { Id = "b", Sequence = 2, Kind = StepKind.ShellCommand, Command = "make", Timestamp = s_start.AddSeconds(10), Duration = TimeSpan.FromSeconds(30) },
            new() { Id = "c", Sequence = 3, Kind = StepKind.Thought },
            new() { Id = "d", Sequence = 4, Kind = StepKind.CompletionClaim, Timestamp = s_start.AddSeconds(40) },
        ];

        var waterfall = WaterfallPanel.Build(steps);

        Assert.True(waterfall.HasDurations);
        Assert.Equal(TimeSpan.FromSeconds(40), waterfall.Span);
        Assert.Equal([1L, 2L, 4L], waterfall.Bars.Select(b => b.Sequence));
        Assert.Equal([0, 25, 100], waterfall.Bars.Select(b => Math.Round(b.StartPercent, 6)));
        Assert.Equal(25, waterfall.Bars[0].WidthPercent, 6);
        Assert.Equal(75, waterfall.Bars[1].WidthPercent, 6);
        Assert.Equal(WaterfallPanel.MinWidthPercent, waterfall.Bars[2].WidthPercent);
        Assert.Equal("$ make", waterfall.Bars[1].Label);
        Assert.Equal(TimeSpan.FromSeconds(10), waterfall.Bars[1].Offset);
    }

    [Fact]
    public void Waterfall_NoTimestampsOrNoDurations_SaysSo()
    {
        var none = WaterfallPanel.Build([new Step { Id = "a", Sequence = 1, Kind = StepKind.Thought }]);
        var ticks = WaterfallPanel.Build([new Step { Id = "a", Sequence = 1, Kind = StepKind.Thought, Timestamp = s_start }]);

        Assert.Empty(none.Bars);
        Assert.False(ticks.HasDurations);
        Assert.Single(ticks.Bars);
    }

    private static Step Touch(long sequence, StepKind kind, string path, FileAction action) =>
        new() { Id = "s" + sequence, Sequence = sequence, Kind = kind, Files = [new FileTouch(path, action)] };

    private static RunRecord Record(string id, string agent) => new()
    {
        Id = id, SourceFormat = "martin360/v1", Status = "completed", CostProvenance = "reported", AgentName = agent,
    };
}

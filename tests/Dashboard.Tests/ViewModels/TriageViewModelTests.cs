using Martin360.Dashboard.ViewModels;
using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.Tests.ViewModels;

public sealed class TriageViewModelTests
{
    [Fact]
    public void ToRow_RunWithFindingsAndReview_ShowsTopFindingFirstNextStepAndReviewState()
    {
        var run = new RunRecord
        {
            Id = "r1", SourceFormat = "claude-code", AgentName = "claude-code", Status = "completed", CostProvenance = "computed",
            CostUsd = 2.5, WastedUsd = 1.234, FindingCount = 2, Outcome = "failed_verification", TopFinding = "Claimed done after a failing test",
            RecommendationsJson = """["Re-run `pytest -q` before merging.", "Read steps 4-9."]""", CreatedAtMs = 0, UpdatedAtMs = 0,
        };
        var review = new ReviewRecord { RunId = "r1", Reviewed = true, Note = "flaky env", AssignedTo = "dana" };

        var row = TriageViewModel.ToRow(new TriageItem(run, review));

        Assert.Equal("r1", row.Title);
        Assert.Equal("Re-run `pytest -q` before merging.", row.NextStep);
        Assert.Equal("$1.23", row.WastedUsd);
        Assert.Equal("$2.50", row.Cost);
        Assert.True(row.Reviewed);
        Assert.Equal(("flaky env", "dana"), (row.Note, row.AssignedTo));
    }

    [Fact]
    public void ToRow_NothingWasted_ShowsADashNotZero()
    {
        var run = new RunRecord { Id = "r2", SourceFormat = "codex", Status = "failed", CostProvenance = "unknown", CreatedAtMs = 0, UpdatedAtMs = 0 };

        var row = TriageViewModel.ToRow(new TriageItem(run, null));

        Assert.Equal("—", row.WastedUsd);
        Assert.Equal("unknown", row.Cost);
        Assert.False(row.Reviewed);
        Assert.Null(row.NextStep);
        Assert.False(row.IsRunning);
    }

    [Fact]
    public void ToRow_RunningRunAPolicyStopped_SaysSoAndWhy()
    {
        var run = new RunRecord
        {
            Id = "r3", SourceFormat = "martin360/v1", Status = "running", CostProvenance = "unknown", CreatedAtMs = 0, UpdatedAtMs = 0,
            PolicyStopReason = "policy: loop detected at steps 4-9", FindingCount = 1, SeverityRank = 3,
        };

        var row = TriageViewModel.ToRow(new TriageItem(run, null));

        Assert.True(row.IsRunning);
        Assert.Equal("policy: loop detected at steps 4-9", row.PolicyStop);
    }
}

using Martin360.Analysis.Model;
using Martin360.Dashboard.ViewModels;
using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.Tests.ViewModels;

public sealed class DisplayAndRowTests
{
    [Theory]
    [InlineData(null, "unknown", "unknown")]
    [InlineData(0.0, "unknown", "unknown")]
    [InlineData(1.5, "reported", "$1.50")]
    [InlineData(0.004, "computed", "<$0.01")]
    [InlineData(2.0, "unknown", "≥ $2.00")]
    public void Cost_ByProvenance_NeverShowsAnUnknownAsZero(double? usd, string provenance, string expected)
    {
        Assert.Equal(expected, Display.Cost(usd, provenance));
    }

    [Theory]
    [InlineData(0, "0 runs")]
    [InlineData(1, "1 run")]
    [InlineData(12345, "12,345 runs")]
    public void Runs_Count_HasTheRightNoun(long count, string expected)
    {
        Assert.Equal(expected, Display.Runs(count));
    }

    [Fact]
    public void ToRow_FailedVerifierCommand_IsAnErrorWithItsSummaryInTheHeadline()
    {
        var step = new Step
        {
            Id = "s", Sequence = 7, Kind = StepKind.VerifierRun, Command = "pytest -q", ExitCode = 1,
            Verifier = new VerifierResult { Framework = "pytest", Passed = 11, Failed = 1, Success = false },
        };

        var row = RunDetailViewModel.ToRow(step);

        Assert.True(row.IsError);
        Assert.Equal("$ pytest -q  → pytest 1 failed, 11 passed", row.Headline);
        Assert.False(row.IsProse);
    }

    [Fact]
    public void ToRow_AssistantMessage_IsProseWithItsFirstLineAsHeadline()
    {
        var row = RunDetailViewModel.ToRow(new Step { Id = "m", Sequence = 1, Kind = StepKind.AssistantMessage, Output = "\n  All done.\nDetails follow." });

        Assert.True(row.IsProse);
        Assert.Equal("All done.", row.Headline);
    }

    [Fact]
    public void ToRow_RunningRun_DurationRunsToNowAndOutcomeIsInProgress()
    {
        var now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        var model = new RunsViewModel(null!, new FixedTime(now));
        var record = new RunRecord
        {
            Id = "r", SourceFormat = "martin360/v1", Status = "running", CostProvenance = "unknown",
            StartedAtMs = now.AddMinutes(-3).ToUnixTimeMilliseconds(), CreatedAtMs = 0, UpdatedAtMs = 0,
        };

        var row = model.ToRow(record);

        Assert.Equal(TimeSpan.FromMinutes(3), row.Duration);
        Assert.Equal("in_progress", row.Outcome);
        Assert.Equal("unknown", row.Cost);
        Assert.Equal("r", row.Title);
    }

    [Fact]
    public void ToRow_RunWaitingForApproval_SaysSo()
    {
        var model = new RunsViewModel(null!, new FixedTime(DateTimeOffset.UnixEpoch));
        var record = new RunRecord
        {
            Id = "r", SourceFormat = "martin360/v1", Status = "running", CostProvenance = "unknown", CreatedAtMs = 0, UpdatedAtMs = 0,
            PendingApprovals = 2,
        };

        Assert.Equal(2, model.ToRow(record).PendingApprovals);
        Assert.Equal(0, model.ToRow(new RunRecord { Id = "q", SourceFormat = "x", Status = "running", CostProvenance = "unknown" }).PendingApprovals);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

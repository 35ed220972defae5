using Martin360.Analysis.Findings;
using Martin360.Dashboard.ViewModels;

namespace Martin360.Dashboard.Tests.ViewModels;

/// <summary>The runs list read from an address (links from the overview) and the overview's links to it.</summary>
public sealed class RunsFilterTests
{
    [Fact]
    public void ApplyAddress_OverviewLink_QueriesEveryFilterItNames()
    {
        var model = new RunsViewModel(null!, TimeProvider.System);

        model.ApplyAddress(new RunsAddress
        {
            Project = " shop ", Model = "gpt-5", From = "2026-11-01", To = "2026-11-30", Finished = "true", Finding = "unverified_completion",
            Outcome = "verified_success",
        });
        var query = model.ToQuery(0, 50);

        Assert.Empty(model.AddressErrors);
        Assert.Equal(("shop", "gpt-5", "verified_success"), (query.Project, query.Model, query.Outcome));
        Assert.Equal((new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)), (query.From, query.To));
        Assert.True(query.Finished);
        Assert.Equal(FindingKind.UnverifiedCompletion, query.Finding);
        Assert.Equal(["model: gpt-5", "from 2026-11-01", "to 2026-11-30", "finished runs", "finding: unverified completion"], model.Chips.Select(c => c.Label));
    }

    [Fact]
    public void ApplyAddress_UnreadableValues_SaysWhichAndKeepsTheRest()
    {
        var model = new RunsViewModel(null!, TimeProvider.System);

        model.ApplyAddress(new RunsAddress { Agent = "codex", From = "last week", Finished = "maybe", Finding = "<script>" });
        var query = model.ToQuery(0, 50);

        Assert.Equal("codex", query.Agent);
        Assert.Null(query.From);
        Assert.Null(query.Finished);
        Assert.Null(query.Finding);
        Assert.Equal(3, model.AddressErrors.Count);
        Assert.Contains(model.AddressErrors, e => e.StartsWith("from='last week'", StringComparison.Ordinal));
        Assert.Contains(model.AddressErrors, e => e.StartsWith("finding='<script>'", StringComparison.Ordinal));
    }

    [Fact]
    public void ApplyAddress_ClaimedLinkFromASuccessPeriod_QueriesClaimedFinishedRunsWithAChip()
    {
        var overview = new OverviewViewModel(null!, TimeProvider.System) { From = new DateTime(2026, 11, 1), To = new DateTime(2026, 11, 30), Bucket = "day" };
        var url = overview.PeriodClaimedRunsUrl(new DateTime(2026, 11, 4));
        var model = new RunsViewModel(null!, TimeProvider.System);

        model.ApplyAddress(new RunsAddress { From = "2026-11-04", To = "2026-11-04", Finished = "true", Claimed = "true" });

        Assert.Equal("runs?from=2026-11-04&to=2026-11-04&finished=true&claimed=true", url);
        Assert.True(model.ToQuery(0, 1).Claimed);
        Assert.Contains("claimed done", model.Chips.Select(c => c.Label));
        model.Clear("claimed");
        Assert.Null(model.ToQuery(0, 1).Claimed);
    }

    [Fact]
    public void Clear_OneChip_DropsOnlyThatFilter()
    {
        var model = new RunsViewModel(null!, TimeProvider.System);
        model.ApplyAddress(new RunsAddress { Model = "gpt-5", Finished = "false", Finding = "loop" });

        model.Clear("finished");

        Assert.Equal(["model: gpt-5", "finding: loop"], model.Chips.Select(c => c.Label));
        Assert.Null(model.ToQuery(0, 1).Finished);
    }

    [Fact]
    public void ApplyAddress_SecondAddress_ReplacesTheFirstsFilters()
    {
        var model = new RunsViewModel(null!, TimeProvider.System);
        model.ApplyAddress(new RunsAddress { Model = "gpt-5", Finding = "loop", Status = "failed" });

        model.ApplyAddress(new RunsAddress { Agent = "aider" });

        Assert.Empty(model.Chips);
        Assert.Equal(new RunsViewModel(null!, TimeProvider.System).ToQuery(0, 50) with { Agent = "aider" }, model.ToQuery(0, 50));
    }

    [Theory]
    [InlineData("agent", "codex", "runs?from=2026-11-01&to=2026-11-30&project=shop%20web&agent=codex")]
    [InlineData("model", "gpt-5", "runs?from=2026-11-01&to=2026-11-30&project=shop%20web&model=gpt-5")]
    [InlineData("model", OverviewCalculator.NoModel, null)]
    [InlineData("project", "shop web", "runs?from=2026-11-01&to=2026-11-30&project=shop%20web")]
    [InlineData("project", OverviewCalculator.NoProject, null)]
    public void RunsUrlFor_SpendGroup_LinksTheRunsOfThatGroupInRange(string groupBy, string group, string? expected)
    {
        var overview = Overview();
        overview.GroupBy = groupBy;

        Assert.Equal(expected, overview.RunsUrlFor(group));
    }

    [Fact]
    public void KpiLinks_VerifiedFinishedAndWasted_NameTheFiltersTheNumberCounts()
    {
        var overview = Overview();

        Assert.Equal("runs?from=2026-11-01&to=2026-11-30&project=shop%20web&outcome=verified_success&finished=true", overview.VerifiedRunsUrl());
        Assert.Equal("runs?from=2026-11-01&to=2026-11-30&project=shop%20web&finished=true", overview.FinishedRunsUrl());
        Assert.Equal("runs?from=2026-11-01&to=2026-11-30&project=shop%20web&finding=budget_burn", overview.WastedRunsUrl("budget_burn"));
    }

    [Theory]
    [InlineData("day", "2026-11-07", true, "runs?from=2026-11-07&to=2026-11-07&project=shop%20web&outcome=verified_success&finished=true")]
    [InlineData("week", "2026-10-26", false, "runs?from=2026-11-01&to=2026-11-01&project=shop%20web&finished=true")]
    [InlineData("week", "2026-11-30", false, "runs?from=2026-11-30&to=2026-11-30&project=shop%20web&finished=true")]
    [InlineData("week", "2026-11-09", false, "runs?from=2026-11-09&to=2026-11-15&project=shop%20web&finished=true")]
    [InlineData("month", "2026-11-01", true, "runs?from=2026-11-01&to=2026-11-30&project=shop%20web&outcome=verified_success&finished=true")]
    public void PeriodRunsUrl_SuccessChartPeriod_LinksItsDaysCutToTheRange(string bucket, string start, bool verifiedOnly, string expected)
    {
        var overview = Overview();
        overview.Bucket = bucket;

        Assert.Equal(expected, overview.PeriodRunsUrl(DateTime.Parse(start, System.Globalization.CultureInfo.InvariantCulture), verifiedOnly));
    }

    private static OverviewViewModel Overview() => new(null!, TimeProvider.System)
    {
        From = new DateTime(2026, 11, 1),
        To = new DateTime(2026, 11, 30),
        Project = "shop web",
    };
}

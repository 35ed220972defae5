using Martin360.Dashboard.ViewModels;
using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.Tests.ViewModels;

public sealed class OverviewCalculatorTests
{
    // Monday 2 and Tuesday 3 November 2026: the same week.
    private static readonly DateTime s_day1 = new(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime s_day2 = new(2026, 11, 3, 0, 0, 0, DateTimeKind.Utc);

    // Four runs: a (day 1, claude-code, $2, verified, claimed), b (day 1, codex, $1, unverified claim), c (day 2,
    // claude-code, $3, failed verification though claimed, hard budget $2), d (day 2, codex, $0.50, still running).
    private static readonly OverviewFacts s_facts = new()
    {
        Days =
        [
            new(s_day1, "claude-code", "m", "p", Runs: 1, Finished: 1, Verified: 1, Claimed: 1, CostUsd: 2.0, Tokens: 1_000_000),
            new(s_day1, "codex", "m", "p", Runs: 1, Finished: 1, Verified: 0, Claimed: 1, CostUsd: 1.0, Tokens: 500_000),
            new(s_day2, "claude-code", "m", "p", Runs: 1, Finished: 1, Verified: 0, Claimed: 1, CostUsd: 3.0, Tokens: 500_000),
            new(s_day2, "codex", "m", "p", Runs: 1, Finished: 0, Verified: 0, Claimed: 0, CostUsd: 0.5, Tokens: 100_000),
        ],
        Waste = [new("unverified_completion", 0.75, 2), new("loop", 1.5, 1)],
        BudgetBurn = [new("e", null, 1.0, 4.0), new("c", "Fix c", 3.0, 2.0)],
        Unfinished = [new("d", null, "codex", 0.5, 100_000)],
    };

    [Fact]
    public void Compute_ByAgentPerDay_StacksSpendPerAgentAndBucket()
    {
        var report = OverviewCalculator.Compute(s_facts, "day", "agent");

        Assert.Equal(2, report.Buckets.Count);
        var claude = report.Spend.Single(s => s.Group == "claude-code");
        Assert.Equal([2.0, 3.0], claude.Points.Select(p => p.Usd));
        Assert.Equal(5.0, claude.Total);
        Assert.Equal("claude-code", report.Spend[0].Group);
        Assert.Equal([1.0, 0.5], report.Spend.Single(s => s.Group == "codex").Points.Select(p => p.Usd));
    }

    [Fact]
    public void Compute_SuccessAndValue_CountOnlyFinishedRunsAndVerifiedOutcomes()
    {
        var report = OverviewCalculator.Compute(s_facts, "day", "agent");

        Assert.Equal((2, 1, 2), (report.Success[0].Finished, report.Success[0].Verified, report.Success[0].Claimed));
        Assert.Equal(50.0, report.Success[0].VerifiedRate);
        Assert.Equal(100.0, report.Success[0].ClaimedRate);
        Assert.Equal((1, 0, 1), (report.Success[1].Finished, report.Success[1].Verified, report.Success[1].Claimed));
        Assert.Equal(3, report.Value.Finished);
        Assert.Equal(1, report.Value.Verified);
        Assert.Equal(6.5, report.Value.Usd);
        Assert.Equal(6.5, report.Value.UsdPerVerified);
        Assert.Equal(1 / 2.1, report.Value.VerifiedPerMillionTokens, 6);
    }

    [Fact]
    public void Compute_WastedBudgetAndUnfinished_AreRankedWorstFirst()
    {
        var report = OverviewCalculator.Compute(s_facts, "week", "project");

        Assert.Equal([("loop", 1.5, 1), ("unverified_completion", 0.75, 2)], report.Wasted.Select(w => (w.Kind, w.Usd, w.Runs)));
        Assert.Equal([("c", "Fix c", 150.0), ("e", "e", 25.0)], report.BudgetBurn.Select(b => (b.RunId, b.Title, b.Percent)));
        Assert.Equal("d", Assert.Single(report.TopUnfinished).RunId);
        Assert.Single(report.Buckets);
    }

    [Fact]
    public void Compute_ByModelPerWeek_MergesTheWeeksDaysAndNamesRunsWithoutModel()
    {
        var facts = s_facts with
        {
            Days = [.. s_facts.Days, new(s_day2.AddDays(6), "codex", null, null, Runs: 2, Finished: 2, Verified: 2, Claimed: 2, CostUsd: 4.0, Tokens: 10)],
        };

        var report = OverviewCalculator.Compute(facts, "week", "model");

        Assert.Equal([s_day1, s_day1.AddDays(7)], report.Buckets);
        Assert.Equal([("m", new[] { 6.5, 0.0 }), ("(no model)", new[] { 0.0, 4.0 })], report.Spend.Select(s => (s.Group, s.Points.Select(p => p.Usd).ToArray())));
        Assert.Equal(4, report.Spend.Single(s => s.Group == "m").Points[0].Runs);
        Assert.Equal((3, 2), (report.Success[0].Finished, report.Success[1].Finished));
    }

    [Fact]
    public void Csv_TitleWithCommaOrFormula_IsQuotedAndDefused()
    {
        var facts = s_facts with { Unfinished = [new("x", "=HYPERLINK(\"evil\"), now", "codex", 1, 1)] };

        var csv = OverviewCalculator.Csv(OverviewCalculator.Compute(facts, "day", "agent"), "unfinished");

        Assert.Equal("run_id,title,agent,usd,tokens\nx,\"'=HYPERLINK(\"\"evil\"\"), now\",codex,1,1\n", csv);
    }
}

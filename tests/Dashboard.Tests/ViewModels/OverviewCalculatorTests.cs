using Martin360.Dashboard.ViewModels;
using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.Tests.ViewModels;

public sealed class OverviewCalculatorTests
{
    private static readonly long s_day1 = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly long s_day2 = new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static readonly OverviewRun[] s_runs =
    [
        Run("a", s_day1, "claude-code", 2.0, "verified_success", claimed: true, tokens: 1_000_000),
        Run("b", s_day1, "codex", 1.0, "unverified_claim", claimed: true, tokens: 500_000,
            findings: """[{"kind":3,"severity":1,"confidence":0.9,"steps":[4],"summary":"s","wastedTokens":10,"wastedUsd":0.25}]"""),
        Run("c", s_day2, "claude-code", 3.0, "failed_verification", claimed: true, tokens: 500_000, budget: """{"hardUsd":2.0}""",
            findings: """[{"kind":0,"severity":2,"confidence":0.8,"steps":[1,2],"summary":"s","wastedTokens":10,"wastedUsd":1.5},{"kind":3,"severity":1,"confidence":0.9,"steps":[4],"summary":"s","wastedTokens":10,"wastedUsd":0.5}]"""),
        Run("d", s_day2, "codex", 0.5, null, claimed: false, tokens: 100_000, status: "running"),
    ];

    [Fact]
    public void Compute_ByAgentPerDay_StacksSpendPerAgentAndBucket()
    {
        var report = OverviewCalculator.Compute(s_runs, "day", "agent");

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
        var report = OverviewCalculator.Compute(s_runs, "day", "agent");

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
        var report = OverviewCalculator.Compute(s_runs, "week", "project");

        Assert.Equal([("loop", 1.5, 1), ("unverified_completion", 0.75, 2)], report.Wasted.Select(w => (w.Kind, w.Usd, w.Runs)));
        var burn = Assert.Single(report.BudgetBurn);
        Assert.Equal(("c", 150.0), (burn.RunId, burn.Percent));
        Assert.Equal("d", Assert.Single(report.TopUnfinished).RunId);
        Assert.Single(report.Buckets);
    }

    [Fact]
    public void Csv_TitleWithCommaOrFormula_IsQuotedAndDefused()
    {
        var runs = new[] { Run("x", s_day1, "codex", 1, null, claimed: false, tokens: 1, status: "running") with { Title = "=HYPERLINK(\"evil\"), now" } };

        var csv = OverviewCalculator.Csv(OverviewCalculator.Compute(runs, "day", "agent"), "unfinished");

        Assert.Equal("run_id,title,agent,usd,tokens\nx,\"'=HYPERLINK(\"\"evil\"\"), now\",codex,1,1\n", csv);
    }

    private static OverviewRun Run(string id, long at, string agent, double usd, string? outcome, bool claimed, long tokens,
        string? findings = null, string? budget = null, string status = "completed") =>
        new(id, id, at, agent, "m", "p", status, outcome, usd, tokens, 0, findings,
            $$"""{"claimedDone":{{(claimed ? "true" : "false")}},"verifierRuns":1,"lastVerifierPassed":null,"verifiedAfterLastEdit":false}""", budget);
}

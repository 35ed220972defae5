using Martin360.Analysis.Model;
using Martin360.Ingest.Pricing;

namespace Martin360.Ingest.Tests.Pricing;

public sealed class CostCalculatorTests
{
    private static Step ModelStep(string id, string? model, TokenUsage tokens, decimal? reported = null) => new()
    {
        Id = id,
        Sequence = id[^1] - '0',
        Kind = StepKind.ModelCall,
        Model = model,
        Tokens = tokens,
        CostUsd = reported,
        CostProvenance = reported is null ? CostProvenance.Unknown : CostProvenance.Reported,
    };

    private static Trace TraceOf(params Step[] steps) => Trace.Create(new Run { Id = "r", SourceFormat = "test" }, steps);

    [Fact]
    public void Apply_KnownModel_ComputesStepAndRunCost()
    {
        var trace = TraceOf(ModelStep("s1", "claude-sonnet-4-20250514", new TokenUsage(1000, 500, 2000, 100)));

        var priced = CostCalculator.Apply(trace, PriceTable.Default);

        // 1000*3 + 500*15 + 2000*0.3 + 100*3.75 per million.
        Assert.Equal(0.011475m, priced.Steps[0].CostUsd);
        Assert.Equal(CostProvenance.Computed, priced.Steps[0].CostProvenance);
        Assert.Equal(0.011475m, priced.Run.CostUsd);
        Assert.Equal(CostProvenance.Computed, priced.Run.CostProvenance);
        Assert.Equal(new TokenUsage(1000, 500, 2000, 100), priced.Run.Tokens);
    }

    [Fact]
    public void Apply_UnknownModel_LeavesCostUnknownNotZero()
    {
        var trace = TraceOf(
            ModelStep("s1", "claude-sonnet-4-20250514", new TokenUsage(1000, 500)),
            ModelStep("s2", "house-model-7", new TokenUsage(1000, 500)));

        var priced = CostCalculator.Apply(trace, PriceTable.Default);

        Assert.Equal(CostProvenance.Computed, priced.Steps[0].CostProvenance);
        Assert.Null(priced.Steps[1].CostUsd);
        Assert.Equal(CostProvenance.Unknown, priced.Steps[1].CostProvenance);

        // One priced step is not the run's cost: the total is unknown.
        Assert.Null(priced.Run.CostUsd);
        Assert.Equal(CostProvenance.Unknown, priced.Run.CostProvenance);
        Assert.Equal(new TokenUsage(2000, 1000), priced.Run.Tokens);
    }

    [Fact]
    public void Apply_ReportedStepCosts_AreKeptAndMakeAReportedTotal()
    {
        var trace = TraceOf(
            ModelStep("s1", "claude-sonnet-4-20250514", new TokenUsage(1000, 500), reported: 0.5m),
            ModelStep("s2", "house-model-7", new TokenUsage(10, 5), reported: 0.25m));

        var priced = CostCalculator.Apply(trace, PriceTable.Default);

        Assert.Equal([0.5m, 0.25m], priced.Steps.Select(s => s.CostUsd!.Value));
        Assert.Equal(0.75m, priced.Run.CostUsd);
        Assert.Equal(CostProvenance.Reported, priced.Run.CostProvenance);
    }

    [Fact]
    public void Apply_RunWithReportedTotal_KeepsItsTotalAndTokens()
    {
        var run = new Run { Id = "r", SourceFormat = "test", CostUsd = 9m, CostProvenance = CostProvenance.Reported, Tokens = new TokenUsage(5, 5) };
        var trace = Trace.Create(run, [ModelStep("s1", "claude-sonnet-4-20250514", new TokenUsage(1000, 500))]);

        var priced = CostCalculator.Apply(trace, PriceTable.Default);

        Assert.Equal(9m, priced.Run.CostUsd);
        Assert.Equal(CostProvenance.Reported, priced.Run.CostProvenance);
        Assert.Equal(new TokenUsage(5, 5), priced.Run.Tokens);
        Assert.Equal(CostProvenance.Computed, priced.Steps[0].CostProvenance);
    }

    [Fact]
    public void Apply_NoTokensAnywhere_LeavesTheRunUnknown()
    {
        var trace = TraceOf(new Step { Id = "s1", Sequence = 1, Kind = StepKind.ShellCommand, Command = "ls" });

        var priced = CostCalculator.Apply(trace, PriceTable.Default);

        Assert.Null(priced.Run.CostUsd);
        Assert.Equal(CostProvenance.Unknown, priced.Run.CostProvenance);
        Assert.Null(priced.Steps[0].CostUsd);
    }

    [Fact]
    public void Apply_Twice_GivesTheSameTrace()
    {
        var trace = TraceOf(ModelStep("s1", "gpt-5.3-codex", new TokenUsage(2000, 300, 500)));

        var once = CostCalculator.Apply(trace, PriceTable.Default);
        var twice = CostCalculator.Apply(once, PriceTable.Default);

        Assert.Equal(once.Run, twice.Run);
        Assert.Equal(once.Steps, twice.Steps);
    }
}

using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Analysis.Portfolio;

namespace Martin360.Analysis.Tests.Portfolio;

public sealed class PortfolioAnalyzerTests
{
    private static (Trace, AnalysisResult) Run(string id, string model, decimal usdPerStep, bool verified, int failingReads = 0, bool loop = false)
    {
        var builder = new TraceBuilder().Run(r => r with { Id = id, AgentName = "agent-x" });
        for (var i = 0; i < 6; i++)
        {
            var fail = i < failingReads;
            builder.Add(StepKind.FileRead, s => s with { Model = model, Input = $"src/m{i}.py", Output = "x", IsError = fail, Files = [new FileTouch($"src/m{i}.py", FileAction.Read)] }, usd: usdPerStep);
        }

        if (loop)
        {
            builder.Repeat(4, b => b.Add(StepKind.ShellCommand, s => s with { Model = model, Command = "make", Output = "error", ExitCode = 2 }, usd: usdPerStep));
        }

        builder.Add(StepKind.FileEdit, s => s with { Model = model, Input = "fix", Output = "ok", Files = [new FileTouch("src/a.py", FileAction.Edit)] }, usd: usdPerStep);
        builder.Add(StepKind.VerifierRun, s => s with { Model = model, Command = "pytest", ExitCode = verified ? 0 : 1, Verifier = new VerifierResult { Success = verified } }, usd: usdPerStep);
        builder.Claim();
        var trace = builder.Build();
        return (trace, TraceAnalyzer.Analyze(trace));
    }

    [Fact]
    public void Analyze_CheaperModelAsGoodAtNavigation_AdvisesRoutingToIt()
    {
        var report = PortfolioAnalyzer.Analyze([Run("a", "big-model", 0.10m, true), Run("b", "small-model", 0.01m, true)]);

        var advice = Assert.Single(report.Routing, r => r.Kind == RoutingAdviceKind.UseCheaperModel && r.Category == StepCategory.Navigation);
        Assert.Equal("big-model", advice.FromModel);
        Assert.Equal("small-model", advice.ToModel);
        Assert.Contains("100% step success over 6 steps", advice.Reason);
    }

    [Fact]
    public void Analyze_CheaperModelThatFailsMore_IsNotAdvised()
    {
        var report = PortfolioAnalyzer.Analyze([Run("a", "big-model", 0.10m, true), Run("b", "small-model", 0.01m, true, failingReads: 3)]);

        Assert.DoesNotContain(report.Routing, r => r.Kind == RoutingAdviceKind.UseCheaperModel && r.Category == StepCategory.Navigation);
    }

    [Fact]
    public void Analyze_RepeatedLoopsOnACheapModel_AdvisesEscalation()
    {
        var report = PortfolioAnalyzer.Analyze([
            Run("c1", "small-model", 0.01m, false, loop: true),
            Run("c2", "small-model", 0.01m, false, loop: true),
            Run("d1", "big-model", 0.10m, true),
        ]);

        var advice = Assert.Single(report.Routing, r => r.Kind == RoutingAdviceKind.Escalate);
        Assert.Equal("small-model", advice.FromModel);
        Assert.Equal("big-model", advice.ToModel);
    }

    [Fact]
    public void Analyze_ValuePerToken_CountsVerifiedCompletionsPerUsdAndPerMillionTokens()
    {
        var report = PortfolioAnalyzer.Analyze([Run("a", "m", 0.10m, true), Run("b", "m", 0.10m, false)]);

        var all = report.Value[0];
        Assert.Equal(("all", 2, 1), (all.Agent, all.Runs, all.VerifiedCompletions));
        // Each run: 8 steps at $0.10 plus a claim at $0.01 = $0.81; 9 steps x 100 tokens = 900 tokens.
        Assert.Equal(1.62m, all.Usd);
        Assert.Equal(1 / 1.62, all.VerifiedPerUsd!.Value, 6);
        Assert.Equal(1_000_000.0 / 1800, all.VerifiedPerMillionTokens!.Value, 6);
    }

    [Fact]
    public void Analyze_Reliability_PutsCompoundedStepSuccessBesideObservedRate()
    {
        var report = PortfolioAnalyzer.Analyze([Run("a", "m", 0.01m, true, failingReads: 1), Run("b", "m", 0.01m, false)]);

        var row = Assert.Single(report.Reliability);
        // Tool steps per run: 6 reads + 1 edit = 7; one failed read in 14.
        Assert.Equal(14, row.ToolSteps);
        Assert.Equal(13 / 14.0, row.StepSuccessRate, 6);
        Assert.Equal(Math.Pow(13 / 14.0, 7), row.CompoundedEstimate, 6);
        Assert.Equal(0.5, row.ObservedVerifiedRate, 6);
    }

    [Fact]
    public void Classify_TypicalRun_AssignsEachCategory()
    {
        var trace = new TraceBuilder()
            .Thought("Plan: find the parser, fix it, run tests")
            .Add(StepKind.ModelCall)
            .Shell("grep -rn parse src", "src/p.py:1")
            .Edit("src/p.py", "fix")
            .Read("src/p.py")
            .Test("pytest", false, "FAILED")
            .Message("The test fails because of the sign.")
            .Shell("git diff", "diff")
            .Message("Fixed the sign handling.")
            .Build();

        var categories = StepClassifier.Classify(trace.Steps);

        Assert.Equal(
            [StepCategory.Planning, StepCategory.Navigation, StepCategory.Navigation, StepCategory.Editing, StepCategory.Reviewing,
                StepCategory.RunningTests, StepCategory.ReadingTestOutput, StepCategory.Reviewing, StepCategory.Summarising],
            categories);
    }
}

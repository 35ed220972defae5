using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;

namespace Martin360.Analysis.Tests.Rules;

public sealed class BudgetBurnRuleTests
{
    [Fact]
    public void Analyze_LongStallAfterLastProgress_FlagsBurnWithWasteFromTheStall()
    {
        var builder = new TraceBuilder().Edit("src/a.py", "fix").Test("pytest", true, "5 passed");
        for (var i = 0; i < 12; i++)
        {
            builder.Shell($"grep -rn thing{i} src", $"no match {i}", 1);
        }

        var finding = Assert.Single(Analyze.Findings(builder, FindingKind.BudgetBurn));

        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("no progress since step 2: 12 actions", finding.Summary);
        Assert.Equal(1200, finding.WastedTokens);
        Assert.Equal(0.12m, finding.WastedUsd);
        Assert.Equal(3, finding.Steps[0]);
    }

    [Fact]
    public void Analyze_RunEndingInProgress_IsNoBurn()
    {
        var builder = new TraceBuilder();
        for (var i = 0; i < 12; i++)
        {
            builder.Read($"src/m{i}.py", $"code {i}");
        }

        builder.Edit("src/a.py", "fix").Test("pytest", true, "5 passed");

        Assert.Empty(Analyze.Findings(builder, FindingKind.BudgetBurn));
    }

    [Fact]
    public void Analyze_HardUsdCapHit_IsCriticalAndOutcomeBudgetExhausted()
    {
        var builder = new TraceBuilder().Run(r => r with { Budget = new RunBudget { SoftUsd = 0.02m, HardUsd = 0.04m } })
            .Edit("src/a.py", "fix").Shell("ls", "a").Shell("ls -la", "b").Shell("pwd", "/r").Shell("whoami", "me");

        var result = Analyze.Run(builder);

        var finding = Assert.Single(result.Findings, f => f.Kind == FindingKind.BudgetBurn);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains("soft USD cap $0.02 hit at step 2", finding.Summary);
        Assert.Contains("hard USD cap $0.04 hit at step 4", finding.Summary);
        Assert.Equal(Outcome.BudgetExhausted, result.Outcome);
    }

    [Fact]
    public void Analyze_AgentStoppedOnItsOwnIterationLimit_IsBudgetExhausted()
    {
        var builder = new TraceBuilder()
            .Run(r => r with { Status = RunStatus.Failed, ExitReason = "RuntimeError: Agent reached maximum iteration in headless mode. Current iteration: 50, max iteration: 50" })
            .Edit("src/a.py", "fix").Shell("make", "error", 2);

        var result = Analyze.Run(builder);

        Assert.Equal(Outcome.BudgetExhausted, result.Outcome);
        Assert.Contains(result.Findings, f => f.Kind == FindingKind.BudgetBurn && f.Summary.Contains("maximum iteration", StringComparison.Ordinal));
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Martin360.Analysis;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Dashboard.Simulation;
using Martin360.Tests.Shared.Hosting;

namespace Martin360.Dashboard.Tests.Simulation;

public sealed class SimulatorTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_SameSeed_MakesTheSameRuns()
    {
        var first = new ScenarioGenerator(7).Create(3, s_start);
        var second = new ScenarioGenerator(7).Create(3, s_start);

        Assert.Equal(first.Run, second.Run);
        Assert.Equal(JsonSerializer.Serialize(first.Steps), JsonSerializer.Serialize(second.Steps));
    }

    [Theory]
    [InlineData(0, "verified_success", Outcome.VerifiedSuccess, null)]
    [InlineData(1, "loop", Outcome.Stuck, FindingKind.Loop)]
    [InlineData(2, "unverified_claim", Outcome.UnverifiedClaim, FindingKind.UnverifiedCompletion)]
    [InlineData(3, "failed_verification", Outcome.FailedVerification, FindingKind.UnverifiedCompletion)]
    [InlineData(6, "repeated_strategy", Outcome.Stuck, FindingKind.RepeatedStrategy)]
    public void Create_EachScenario_IsClassifiedAsItsName(int index, string scenario, Outcome outcome, FindingKind? finding)
    {
        var simulated = new ScenarioGenerator(1).Create(index, s_start);
        var finished = Trace.Create(simulated.Run with { Status = simulated.FinalStatus, ExitReason = simulated.ExitReason }, simulated.Steps);

        var result = TraceAnalyzer.Analyze(finished);

        Assert.Equal(scenario, simulated.Scenario);
        Assert.Equal(outcome, result.Outcome);
        if (finding is { } kind)
        {
            Assert.Contains(result.Findings, f => f.Kind == kind);
        }
        else
        {
            Assert.DoesNotContain(result.Findings, f => f.Severity == Severity.Critical);
        }
    }

    [Fact]
    public async Task PlayAsync_BudgetOverrunAgainstTheServer_IsStoppedByTheVerdict()
    {
        await using var host = await AppHost.StartAsync();
        using var http = host.CreateClient();
        var log = new StringWriter();
        var simulated = new ScenarioGenerator(1).Create(4, s_start);
        Assert.Equal("budget_overrun", simulated.Scenario);

        var verdict = await new SimulatorClient(http, log).PlayAsync(simulated, TimeSpan.Zero, batchSize: 1, CancellationToken.None);

        Assert.Equal("stop", verdict);
        var run = await http.GetFromJsonAsync<JsonElement>($"api/v1/runs/{simulated.Run.Id}");
        Assert.Equal("aborted", run.GetProperty("status").GetString());
        Assert.True(run.GetProperty("stepCount").GetInt32() < simulated.Steps.Count, "the run should have stopped before its last step");
        Assert.Contains("hard budget reached", log.ToString(), StringComparison.Ordinal);
    }
}

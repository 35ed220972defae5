using Martin360.Analysis.Portfolio;
using Martin360.Dashboard.Simulation;
using Martin360.Dashboard.ViewModels;
using Martin360.Tests.Shared.Hosting;

namespace Martin360.Dashboard.Tests.ViewModels;

public sealed class RoutingViewModelTests
{
    [Fact]
    public void Matrix_CostsOfTwoModels_AreCategoriesByModelsWithGapsForMissingPairs()
    {
        var report = new PortfolioReport
        {
            CategoryCosts =
            [
                new CategoryCost { Model = "opus", Category = StepCategory.Editing, Steps = 4, FailedSteps = 0, Tokens = 100, Usd = 2m },
                new CategoryCost { Model = "haiku", Category = StepCategory.Editing, Steps = 5, FailedSteps = 1, Tokens = 100, Usd = 0.1m },
                new CategoryCost { Model = "haiku", Category = StepCategory.Navigation, Steps = 9, FailedSteps = 0, Tokens = 50, Usd = 0.05m },
            ],
            Routing = [],
            Value = [],
            Reliability = [],
        };

        var (models, rows) = RoutingViewModel.Matrix(report);

        Assert.Equal(["haiku", "opus"], models);
        Assert.Equal([StepCategory.Editing, StepCategory.Navigation], rows.Select(r => r.Category));
        Assert.Equal([0.1m, 2m], rows[0].Cells.Select(c => c!.Usd));
        Assert.Null(rows[1].Cells[1]);
    }

    [Fact]
    public async Task RoutingPage_SimulatedRuns_ShowsReliabilityPerAgentAndModel()
    {
        await using var host = await AppHost.StartAsync();
        using var client = host.CreateClient();
        var generator = new ScenarioGenerator(5);
        for (var i = 0; i < 5; i++)
        {
            await new SimulatorClient(client, TextWriter.Null).PlayAsync(generator.Create(i, DateTimeOffset.UtcNow.AddHours(-1), "rt"), TimeSpan.Zero, 50, CancellationToken.None);
        }

        var html = await client.GetStringAsync("routing");

        Assert.Contains("the newest 5 finished runs", html, StringComparison.Ordinal);
        Assert.Equal(5, html.Split("data-testid=\"reliability-row\"").Length - 1);
        Assert.Contains("category-costs", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_OneProjectAndFewerDays_AnalysesOnlyThoseRuns()
    {
        await using var host = await AppHost.StartAsync();
        using var client = host.CreateClient();
        var generator = new ScenarioGenerator(7);
        var player = new SimulatorClient(client, TextWriter.Null);
        for (var i = 0; i < 6; i++)
        {
            var run = generator.Create(i, DateTimeOffset.UtcNow.AddDays(i < 4 ? -1 : -20), "rp");
            run = run with { Run = run.Run with { Project = i % 2 == 0 ? "alpha" : "beta" } };
            await player.PlayAsync(run, TimeSpan.Zero, 50, CancellationToken.None);
        }

        var model = new RoutingViewModel(host.Get<Martin360.Ingest.Storage.OverviewStore>(), host.Get<Martin360.Ingest.Storage.TraceStore>(), TimeProvider.System);
        await model.LoadAsync(CancellationToken.None);
        var all = model.RunsAnalysed;
        model.Project = "alpha";
        await model.LoadAsync(CancellationToken.None);
        var alpha = model.RunsAnalysed;
        model.Days = 7;
        await model.LoadAsync(CancellationToken.None);

        Assert.Equal(6, all);
        Assert.Equal(3, alpha);
        Assert.Equal(2, model.RunsAnalysed);
        Assert.Equal(["alpha", "beta"], model.Projects);
    }
}

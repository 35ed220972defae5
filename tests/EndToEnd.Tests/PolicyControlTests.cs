using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Martin360.Analysis.Model;
using Martin360.Dashboard.Simulation;
using Martin360.Tests.Shared.Hosting;
using Microsoft.Playwright;

namespace Martin360.EndToEnd.Tests;

[Collection(SerialCollection.Name)]
public sealed class PolicyControlTests(BrowserFixture browser) : AppHostTest
{
    // Saving and previewing are round trips over the circuit; a loaded shared machine needs more than Playwright's 5 s default.
    private static readonly LocatorAssertionsToContainTextOptions s_slow = new() { Timeout = 15_000 };
    private static readonly DateTimeOffset s_start = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    [Fact]
    public async Task PolicyEditedInTheUi_StopsASimulatedRunAtItsHardStepBudget_AndTheSignalRClientHearsIt()
    {
        await HarnessProcess.InstallAsync();
        await CreateRunAsync("checkout-earlier", "checkout", 6);
        var (page, errors) = await browser.NewPageAsync(Host.BaseAddress);
        await page.GotoAsync("policies");
        await LiveDashboardTests.WaitForInteractiveAsync(page);
        await page.GetByTestId("policy-project").SelectOptionAsync("checkout");
        await Assertions.Expect(page.GetByTestId("policy-inherited")).ToBeVisibleAsync();

        // Invalid first: the soft limit above the hard one is refused, with the error at the field.
        await page.GetByTestId("budget.softSteps").FillAsync("10");
        await page.GetByTestId("budget.hardSteps").FillAsync("4");
        await page.GetByTestId("blockedCommands").FillAsync("rm -rf\ncurl (");
        await page.GetByTestId("author").FillAsync("lead@example.com");
        await page.GetByTestId("policy-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-budget.softSteps")).ToContainTextAsync("above the hard limit (4)", s_slow);
        await Assertions.Expect(page.GetByTestId("error-blockedCommands")).ToContainTextAsync("entry 2: 'curl (' is not a valid regular expression");
        await Assertions.Expect(page.GetByTestId("policy-history-empty")).ToBeVisibleAsync();

        await page.GetByTestId("budget.softSteps").FillAsync("3");
        await page.GetByTestId("blockedCommands").FillAsync(@"\brm\s+-rf\b");
        await page.GetByTestId("policy-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("policy-saved")).ToContainTextAsync("Saved version 1 of checkout", s_slow);
        await Assertions.Expect(page.GetByTestId("policy-history-row")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("policy-history-row")).ToContainTextAsync("lead@example.com");

        // What if: the stored 6-step run would have been stopped at step 4.
        await page.GetByTestId("whatif-run").ClickAsync();
        await Assertions.Expect(page.GetByTestId("whatif-row")).ToContainTextAsync("stop", s_slow);
        await Assertions.Expect(page.GetByTestId("whatif-summary")).ToContainTextAsync("it would have stopped 1");
        await page.EvaluateAsync("() => document.querySelectorAll('.rz-body, .m360-body').forEach(e => e.scrollTo(0, 0))");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("policies.png") });

        // A harness subscribed over SignalR, then the simulated agent plays 8 steps: the policy stops it at step 4.
        var simulated = Simulated("checkout-live", 8);
        await CreateRunAsync(simulated.Run.Id, "checkout", 0);
        await using var harness = await HarnessProcess.StartAsync(Host.BaseAddress, AppHost.ApiKey, simulated.Run.Id);
        var joined = (await harness.WaitForAsync(e => Is(e, "joined"), TimeSpan.FromSeconds(30))).Event;
        Assert.Equal("continue", joined.GetProperty("action").GetString());

        var log = new StringWriter();
        var verdict = await new SimulatorClient(Client, log).PlayAsync(simulated, TimeSpan.Zero, batchSize: 1, CancellationToken.None);

        Assert.Equal("stop", verdict);
        Assert.Contains("step 4: verdict stop: policy: hard budget reached: 4 of 4 steps", log.ToString(), StringComparison.Ordinal);
        var run = await Client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{simulated.Run.Id}");
        Assert.Equal(4, run.GetProperty("stepCount").GetInt32());
        var pushed = (await harness.WaitForAsync(e => Is(e, "verdict") && e.GetProperty("action").GetString() == "stop", TimeSpan.FromSeconds(5))).Event;
        Assert.Equal(simulated.Run.Id, pushed.GetProperty("runId").GetString());
        Assert.Contains("policy: hard budget reached: 4 of 4 steps", pushed.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task StopPressedInTheBrowser_ReachesTheSignalRClientInUnderTwoSeconds()
    {
        await HarnessProcess.InstallAsync();
        await CreateRunAsync("kill-switch-1", "payments", 1);
        await using var harness = await HarnessProcess.StartAsync(Host.BaseAddress, AppHost.ApiKey, "kill-switch-1");
        await harness.WaitForAsync(e => Is(e, "joined"), TimeSpan.FromSeconds(30));
        var (page, _) = await browser.NewPageAsync(Host.BaseAddress);
        await page.GotoAsync("runs/kill-switch-1");
        await LiveDashboardTests.WaitForInteractiveAsync(page);

        // Measured between the two ends on the one machine clock: the browser notes when the button is pressed, the
        // harness stamps each event as it arrives (Playwright's checks before the click and this process reading the
        // harness's output are not part of the user's wait).
        await page.EvaluateAsync("""
            () => document.querySelector('[data-testid="stop-button"]')
                .addEventListener('click', () => window.m360PressedAt = Date.now(), { capture: true })
            """);
        var clicking = harness.Now;
        await page.GetByTestId("stop-button").ClickAsync();
        var (stop, seen) = await harness.WaitForAsync(e => Is(e, "verdict") && e.GetProperty("action").GetString() == "stop", TimeSpan.FromSeconds(10));

        var pressed = DateTimeOffset.FromUnixTimeMilliseconds(await page.EvaluateAsync<long>("() => window.m360PressedAt"));
        var latency = stop.GetProperty("at").GetDateTimeOffset() - pressed;
        Assert.True(latency < TimeSpan.FromSeconds(2),
            $"the stop reached the client {latency.TotalMilliseconds:0} ms after Stop was pressed (this test saw it {(seen - clicking).TotalMilliseconds:0} ms after it began the click)");
        Assert.Equal(["stop requested by a human in the dashboard"], stop.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        await harness.WaitForAsync(e => Is(e, "stopped"), TimeSpan.FromSeconds(2));
    }

    private static bool Is(JsonElement e, string name) => e.GetProperty("event").GetString() == name;

    private async Task CreateRunAsync(string id, string project, int steps)
    {
        (await Client.PostAsJsonAsync("api/v1/runs", new { id, project, agent = new { name = "claude-code" }, task = new { title = "Fix the checkout rounding" } }))
            .EnsureSuccessStatusCode();
        if (steps > 0)
        {
            var batch = Enumerable.Range(1, steps).Select(i => new { id = $"s{i}", sequence = i, kind = "shell_command", command = $"pytest -q -k case{i}", exitCode = 1, costUsd = 0.05 });
            (await Client.PostAsJsonAsync($"api/v1/runs/{id}/steps", new { steps = batch })).EnsureSuccessStatusCode();
        }
    }

    private static SimulatedRun Simulated(string id, int steps) => new()
    {
        Run = new Run { Id = id, SourceFormat = "martin360/v1", AgentName = "claude-code", Project = "checkout", TaskTitle = "Fix the checkout rounding", StartedAt = s_start },
        Steps = [.. Enumerable.Range(1, steps).Select(i => new Step
        {
            Id = $"s{i}", Sequence = i, Kind = StepKind.ShellCommand, Command = $"pytest -q -k case{i}", ExitCode = 1, Timestamp = s_start.AddSeconds(i),
        })],
        FinalStatus = RunStatus.Completed,
        Scenario = "policy_stop",
    };
}

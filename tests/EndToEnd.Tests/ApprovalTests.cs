using System.Net.Http.Json;
using System.Text.Json;
using Martin360.Ingest.Policies;
using Martin360.Tests.Shared.Hosting;
using Microsoft.Playwright;

namespace Martin360.EndToEnd.Tests;

public sealed class ApprovalTests(BrowserFixture browser) : AppHostTest
{
    private const string RunId = "deploy-live-1";

    [Fact]
    public async Task ApprovalPattern_HarnessWaits_ApproveInTheBrowserResumesIt_AndDenyStopsIt()
    {
        await HarnessProcess.InstallAsync();
        var saved = await Host.Get<PolicyStore>().SaveAsync("deploys", new Policy { ApprovalCommands = [@"^git\s+push\b"] }, "lead@example.com", CancellationToken.None);
        Assert.Empty(saved.Errors);
        (await Client.PostAsJsonAsync("api/v1/runs", new { id = RunId, project = "deploys", agent = new { name = "claude-code" }, task = new { title = "Release the checkout fix" } }))
            .EnsureSuccessStatusCode();
        var (page, errors) = await browser.NewPageAsync(Host.BaseAddress);
        await page.GotoAsync($"runs/{RunId}");
        await LiveDashboardTests.WaitForInteractiveAsync(page);

        // The example harness plays two steps, each a push the policy holds for a human.
        await using var harness = await HarnessProcess.StartAsync(Host.BaseAddress, AppHost.ApiKey, RunId,
            "--steps", "2", "--interval", "50", "--command", "git push origin release-{i}");
        var waiting = (await harness.WaitForAsync(e => Is(e, "waiting") && Step(e) == 1, TimeSpan.FromSeconds(30))).Event;
        Assert.Equal([@"policy: command at step 1 needs approval: `git push origin release-1` matches `^git\s+push\b`"], Reasons(waiting));

        // The banner names the step, the command and the reason, live (no reload).
        var banner = page.Locator("[data-testid=approval-banner][data-approval='1']");
        await Assertions.Expect(banner.GetByTestId("approval-headline")).ToHaveTextAsync("Step 1 wants to run a command");
        await Assertions.Expect(banner.GetByTestId("approval-subject")).ToHaveTextAsync("$ git push origin release-1");
        await Assertions.Expect(banner.GetByTestId("approval-reason")).ToContainTextAsync("needs approval");
        await Assertions.Expect(page.GetByTestId("run-verdict")).ToContainTextAsync("needs_approval");

        var pressed = harness.Now;
        await banner.GetByTestId("approve-button").ClickAsync();
        var (resumed, at) = await harness.WaitForAsync(e => Is(e, "verdict") && Action(e) == "continue", TimeSpan.FromSeconds(5));
        Assert.True(at - pressed < TimeSpan.FromSeconds(2), $"the approval reached the harness after {(at - pressed).TotalMilliseconds:0} ms");
        Assert.Empty(Reasons(resumed));
        var approved = (await harness.WaitForAsync(e => Is(e, "approval") && e.GetProperty("status").GetString() == "approved", TimeSpan.FromSeconds(2))).Event;
        Assert.Equal((1, "a human in the dashboard"), (approved.GetProperty("approvalId").GetInt32(), approved.GetProperty("decidedBy").GetString()));
        await harness.WaitForAsync(e => Is(e, "resumed") && Step(e) == 1, TimeSpan.FromSeconds(5));
        await Assertions.Expect(page.GetByTestId("approval-decided").First).ToContainTextAsync("approved");

        // Step 2 asks again (a later step is a new decision); Deny stops the harness with who denied it.
        var second = page.Locator("[data-testid=approval-banner][data-approval='2']");
        await Assertions.Expect(second.GetByTestId("approval-subject")).ToHaveTextAsync("$ git push origin release-2");
        await second.GetByTestId("deny-button").ClickAsync();
        var stopped = (await harness.WaitForAsync(e => Is(e, "stopped"), TimeSpan.FromSeconds(5))).Event;
        Assert.Equal(["denied by a human in the dashboard: command `git push origin release-2` at step 2"], Reasons(stopped));
        await harness.WaitForAsync(e => Is(e, "done"), TimeSpan.FromSeconds(10));
        await Assertions.Expect(page.GetByTestId("approval-banner")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("run-verdict")).ToContainTextAsync("stop: denied by a human in the dashboard");
        var run = await Client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{RunId}");
        Assert.Equal("aborted", run.GetProperty("status").GetString());
        Assert.Empty(errors);
    }

    private static bool Is(JsonElement e, string name) => e.GetProperty("event").GetString() == name;

    private static long Step(JsonElement e) => e.GetProperty("step").GetInt64();

    private static string? Action(JsonElement e) => e.GetProperty("action").GetString();

    private static IEnumerable<string?> Reasons(JsonElement e) => e.GetProperty("reasons").EnumerateArray().Select(r => r.GetString());
}

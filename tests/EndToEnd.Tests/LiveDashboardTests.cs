using System.Diagnostics;
using Martin360.Tests.Shared.Hosting;
using Microsoft.Playwright;

namespace Martin360.EndToEnd.Tests;

[Collection(SerialCollection.Name)]
public sealed class LiveDashboardTests(BrowserFixture browser) : AppHostTest
{
    [Fact]
    public async Task RunsPage_RunPostedOverHttp_AppearsWithinTwoSecondsWithoutReload()
    {
        var (page, errors) = await browser.NewPageAsync(Host.BaseAddress);
        await page.GotoAsync("runs");
        await WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("runs-total")).ToHaveTextAsync("0 runs");

        var posted = Stopwatch.StartNew();
        await Api.CreateRunAsync(Client, "live-list-1", "Paginate the orders endpoint", "codex");
        await Assertions.Expect(page.GetByText("Paginate the orders endpoint")).ToBeVisibleAsync(new() { Timeout = 2_000 });

        Assert.True(posted.Elapsed < TimeSpan.FromSeconds(2), $"took {posted.Elapsed}");
        await Assertions.Expect(page.GetByTestId("runs-total")).ToHaveTextAsync("1 run");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task RunDetail_StepsAppendedWhileOpen_AppearLive()
    {
        await Api.CreateRunAsync(Client, "live-detail-1", "Fix rounding of invoice totals");
        await Api.AppendAsync(Client, "live-detail-1", new { id = "s1", sequence = 1, kind = "user_message", input = "Fix the rounding." });
        var (page, _) = await browser.NewPageAsync(Host.BaseAddress);
        await page.GotoAsync("runs/live-detail-1");
        await WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("step")).ToHaveCountAsync(1);

        await Api.AppendAsync(Client, "live-detail-1",
            new { id = "s2", sequence = 2, kind = "shell_command", command = "pytest -q tests/test_invoice.py", exitCode = 1, output = "1 failed, 11 passed" },
            new { id = "s3", sequence = 3, kind = "completion_claim", output = "Done, all fixed." });

        await Assertions.Expect(page.GetByTestId("step")).ToHaveCountAsync(3, new() { Timeout = 3_000 });
        await Assertions.Expect(page.GetByText("$ pytest -q tests/test_invoice.py")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("run-steps")).ToHaveTextAsync("3");
    }

    [Fact]
    public async Task RunDetail_StopPressed_NextAppendVerdictIsStop()
    {
        await Api.CreateRunAsync(Client, "stop-ui-1", "Loop forever on pip install");
        var before = await Api.AppendAsync(Client, "stop-ui-1", new { id = "s1", sequence = 1, kind = "shell_command", command = "pip install -e ." });
        var (page, _) = await browser.NewPageAsync(Host.BaseAddress);
        await page.GotoAsync("runs/stop-ui-1");
        await WaitForInteractiveAsync(page);

        await page.GetByTestId("stop-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("stop-requested")).ToBeVisibleAsync();
        var after = await Api.AppendAsync(Client, "stop-ui-1", new { id = "s2", sequence = 2, kind = "shell_command", command = "pip install -e ." });

        Assert.Equal("continue", before.GetProperty("verdict").GetProperty("action").GetString());
        Assert.Equal("stop", after.GetProperty("verdict").GetProperty("action").GetString());
        Assert.Contains("stop requested", after.GetProperty("verdict").GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("run-verdict")).ToContainTextAsync("stop");
    }

    [Fact]
    public async Task RunDetail_AssistantMessageWithScriptAndImage_ShowsAsTextAndRunsNothing()
    {
        const string hostile = "Done! <script>window.__pwned = 'script'</script> <img src=x onerror=\"window.__pwned = 'img'\"> [click](javascript:window.__pwned='link') **bold**";
        await Api.CreateRunAsync(Client, "xss-1", "Hostile output");
        await Api.AppendAsync(Client, "xss-1",
            new { id = "m1", sequence = 1, kind = "assistant_message", output = hostile },
            new { id = "m2", sequence = 2, kind = "shell_command", command = "ls", output = "\u001b[31mred\u001b[0m <script>window.__pwned='pre'</script>" });
        var (page, _) = await browser.NewPageAsync(Host.BaseAddress);
        await page.GotoAsync("runs/xss-1");
        await WaitForInteractiveAsync(page);

        await page.Locator("[data-seq='1'] button").ClickAsync();
        await page.Locator("[data-seq='2'] button").ClickAsync();
        var prose = page.GetByTestId("step-prose").First;
        await Assertions.Expect(prose).ToContainTextAsync("<script>window.__pwned = 'script'</script>");
        await Assertions.Expect(prose).ToContainTextAsync("<img src=x onerror=");
        await Assertions.Expect(prose.Locator("strong")).ToHaveTextAsync("bold");
        var pre = page.GetByTestId("step-pre").Last;
        await Assertions.Expect(pre).ToHaveTextAsync("red <script>window.__pwned='pre'</script>");

        Assert.Equal(0, await page.Locator("[data-testid=timeline] script").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=timeline] img").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=timeline] a[href^='javascript']").CountAsync());
        await Assertions.Expect(prose).ToContainTextAsync("click");
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
    }

    /// <summary>Waits until the Blazor circuit is connected, so clicks and live updates are handled.</summary>
    internal static async Task WaitForInteractiveAsync(IPage page)
    {
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('.rz-layout') !== null");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}

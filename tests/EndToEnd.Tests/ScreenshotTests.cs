using Martin360.Tests.Shared.Hosting;
using Microsoft.Playwright;

namespace Martin360.EndToEnd.Tests;

/// <summary>What a newcomer sees on first start (the demo set), captured for the README and docs/.</summary>
public sealed class ScreenshotTests(BrowserFixture browser) : IAsyncLifetime
{
    private AppHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await AppHost.StartAsync(null, ("Martin360:Demo:Enabled", "true"));

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task FirstStart_DemoSet_RunsListAndARunWithFindingsArePopulated()
    {
        var (page, errors) = await browser.NewPageAsync(_host.BaseAddress);
        await page.GotoAsync("runs");
        await LiveDashboardTests.WaitForInteractiveAsync(page);

        await Assertions.Expect(page.GetByTestId("run-link").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("runs-total")).ToHaveTextAsync("14 runs");
        Assert.True(await page.Locator(".m360-demo").CountAsync() > 0);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("runs.png") });

        await page.GetByText("Add pagination to the orders endpoint").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-header")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("step").First).ToBeVisibleAsync();
        await page.Locator("[data-testid=step] button").Nth(2).ClickAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("run-detail.png") });
        Assert.Empty(errors);
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Martin360.EndToEnd.Tests;

/// <summary>A developer drilling into one finished run: findings on the timeline, permalinks, search, panels and the report.</summary>
[Collection(SerialCollection.Name)]
public sealed class RunDetailDeveloperTests(BrowserFixture browser, DeveloperRunFixture fixture) : IClassFixture<DeveloperRunFixture>
{
    private const string RunId = DeveloperRunFixture.RunId;
    private const int TotalSteps = DeveloperRunFixture.TotalSteps;

    [Fact]
    public async Task Timeline_FindingClicked_ScrollsToAndHighlightsItsEvidenceSteps()
    {
        var loop = await FindingAsync("loop");
        var evidence = loop.GetProperty("steps").EnumerateArray().Select(s => s.GetInt64()).ToArray();
        var page = await OpenAsync($"runs/{RunId}");
        Assert.True(evidence[0] > 30, "the evidence must start below the first screen for the scroll to be tested");
        Assert.Equal(0, await page.Locator($"[data-testid=step][data-seq='{evidence[0]}']").CountAsync());

        await page.Locator("[data-testid=finding][data-kind=loop] button").ClickAsync();

        var first = page.Locator($"[data-testid=step][data-seq='{evidence[0]}']");
        await Assertions.Expect(first).ToBeInViewportAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(first).ToHaveAttributeAsync("data-highlighted", "true");
        await Assertions.Expect(page.Locator("[data-testid=step][data-highlighted=true]")).ToHaveCountAsync(evidence.Length);
        var highlighted = await page.Locator("[data-testid=step][data-highlighted=true]").EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.dataset.seq))");
        Assert.Equal(evidence, highlighted);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("run-detail-timeline.png") });

        // Another finding replaces the highlight.
        var other = await FindingAsync("unverified_completion");
        var otherEvidence = other.GetProperty("steps").EnumerateArray().Select(s => s.GetInt64()).ToArray();
        await page.Locator("[data-testid=finding][data-kind=unverified_completion] button").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=finding][data-kind=unverified_completion]")).ToHaveAttributeAsync("data-selected", "true");
        await Assertions.Expect(page.Locator($"[data-testid=step][data-seq='{otherEvidence[^1]}']")).ToHaveAttributeAsync("data-highlighted", "true");
        var now = await page.Locator("[data-testid=step][data-highlighted=true]").EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.dataset.seq))");
        Assert.Equal(otherEvidence.Where(s => now.Length == 0 || s >= now.Min() && s <= now.Max()), now);
        Assert.DoesNotContain(evidence.Except(otherEvidence).First(), now);
    }

    [Theory]
    [InlineData("#step-90", 90)]
    [InlineData("?step=60", 60)]
    public async Task Permalink_ToAStepFarDown_OpensTheRunScrolledToThatStepAndHighlightsIt(string suffix, long sequence)
    {
        var page = await OpenAsync($"runs/{RunId}{suffix}");

        var row = page.Locator($"[data-testid=step][data-seq='{sequence}']");
        await Assertions.Expect(row).ToBeInViewportAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-highlighted", "true");
        await Assertions.Expect(page.Locator("[data-testid=step][data-highlighted=true]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task StepLink_Clicked_PutsThePermalinkInTheAddressBarAndItReopensThatStep()
    {
        var page = await OpenAsync($"runs/{RunId}");
        var link = page.Locator("[data-testid=step][data-seq='3'] [data-testid=step-link]");
        var href = await link.GetAttributeAsync("href");
        Assert.Equal(new Uri(fixture.Host.BaseAddress, $"runs/{RunId}#step-3").ToString(), href);

        await link.ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=step][data-seq='3']")).ToHaveAttributeAsync("data-highlighted", "true");
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(fixture.Host.BaseAddress, $"runs/{RunId}#step-3").ToString());
        await page.ReloadAsync();
        await LiveDashboardTests.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=step][data-seq='3']")).ToHaveAttributeAsync("data-highlighted", "true");
    }

    [Fact]
    public async Task Search_TextInTheTrace_FiltersTheTimelineToMatchingStepsAndClearsBack()
    {
        var page = await OpenAsync($"runs/{RunId}");

        await page.GetByTestId("step-search").FillAsync("PYTEST -q");
        await page.GetByTestId("step-search").PressAsync("Enter");

        // The four test runs (steps 104-107) are the only steps whose command or output says "pytest -q".
        await Assertions.Expect(page.GetByTestId("search-count")).ToHaveTextAsync($"4 of {TotalSteps} steps match “PYTEST -q”");
        await Assertions.Expect(page.GetByTestId("step")).ToHaveCountAsync(4);
        var shown = await page.GetByTestId("step").EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.dataset.seq))");
        Assert.Equal([104L, 105L, 106L, 107L], shown);
        await Assertions.Expect(page.Locator("[data-testid=step] mark").First).ToHaveTextAsync("pytest -q");

        await page.GetByTestId("step-search").FillAsync("no such text anywhere");
        await page.GetByTestId("step-search").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("timeline-empty")).ToBeVisibleAsync();

        await page.GetByTestId("search-clear").ClickAsync();
        await Assertions.Expect(page.GetByTestId("step").First).ToHaveAttributeAsync("data-seq", "1");
        await Assertions.Expect(page.GetByTestId("search-count")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task MarkdownExport_Clicked_DownloadsAReportWithTheOutcomeAndTheFindings()
    {
        var run = await fixture.Client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{RunId}");
        var outcome = run.GetProperty("outcome").GetString()!;
        var page = await OpenAsync($"runs/{RunId}");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-md").ClickAsync());

        Assert.Equal($"martin360-run-{RunId}.md", download.SuggestedFilename);
        var path = await download.PathAsync();
        var markdown = await File.ReadAllTextAsync(path);
        Assert.Contains("## Outcome", markdown, StringComparison.Ordinal);
        Assert.Contains($"**{outcome.Replace('_', ' ')}**", markdown, StringComparison.Ordinal);
        var loop = await FindingAsync("loop");
        Assert.Contains("### 1. ", markdown, StringComparison.Ordinal);
        Assert.Contains("Evidence:** steps " + string.Join(", ", loop.GetProperty("steps").EnumerateArray().Select(s => s.GetInt64())), markdown, StringComparison.Ordinal);
        // The hostile task title is escaped, never raw HTML.
        Assert.Contains("Fix invoice rounding \\<img src=x onerror=alert\\(1\\)\\>", markdown, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?<!\\)<img", markdown);
    }

    [Fact]
    public async Task Tabs_EachPanel_ShowsTheRunsFilesVerifiersCostTeamAndTimes()
    {
        var page = await OpenAsync($"runs/{RunId}");

        await Tab(page, "Files").ClickAsync();
        await Assertions.Expect(page.GetByTestId("file-row")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("run-detail-files.png") });

        await Tab(page, "Verifiers").ClickAsync();
        await Assertions.Expect(page.GetByTestId("verifier-row")).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("verifiers-summary")).ToContainTextAsync("4 verifier runs: 0 passed, 4 failed");
        await Assertions.Expect(page.Locator("[data-testid=verifiers-panel] svg").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("run-detail-verifiers.png") });

        await Tab(page, "Cost").ClickAsync();
        // 100 model calls at $0.002 each are the only priced steps.
        await Assertions.Expect(page.GetByTestId("cost-summary")).ToContainTextAsync("Cost $0.20");
        await Assertions.Expect(page.Locator("[data-testid=cost-panel] .rz-chart").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=cost-panel]")).ToContainTextAsync("Hard budget $0.15");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("run-detail-cost.png") });

        await Tab(page, "Team").ClickAsync();
        // The user message carries no agent, so it counts for the run's own agent: claude-code, planner, coder and the sub-agent run.
        await Assertions.Expect(page.GetByTestId("team-member")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-testid=team-member][data-sub-run=true]")).ToContainTextAsync("test-writer");
        await Assertions.Expect(page.Locator("[data-testid=team-member][data-name=planner]")).ToContainTextAsync("100");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("run-detail-team.png") });

        await Tab(page, "Waterfall").ClickAsync();
        await Assertions.Expect(page.GetByTestId("waterfall-bar").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("run-detail-waterfall.png") });

        // A step number in a panel leads back to that step on the timeline.
        await page.Locator("[data-testid=waterfall-row][data-seq='12'] button").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=step][data-seq='12']")).ToHaveAttributeAsync("data-highlighted", "true");
    }

    private static ILocator Tab(IPage page, string name) => page.Locator("[data-testid=run-tabs] .rz-tabview-nav li", new() { HasText = name });

    private async Task<IPage> OpenAsync(string path)
    {
        var (page, _) = await browser.NewPageAsync(fixture.Host.BaseAddress);
        await page.GotoAsync(path);
        await LiveDashboardTests.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("step").First).ToBeVisibleAsync();
        return page;
    }

    private async Task<JsonElement> FindingAsync(string kind)
    {
        var run = await fixture.Client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{RunId}");
        return run.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("kind").GetString() == kind);
    }

}

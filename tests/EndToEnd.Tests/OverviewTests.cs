using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Martin360.Dashboard.Simulation;
using Martin360.Tests.Shared.Hosting;
using Microsoft.Playwright;

namespace Martin360.EndToEnd.Tests;

public sealed class OverviewTests(BrowserFixture browser) : AppHostTest
{
    [Fact]
    public async Task Overview_SeededRuns_ChartsRenderAndTheSpendMatchesTheApi()
    {
        var generator = new ScenarioGenerator(11);
        var player = new SimulatorClient(Client, TextWriter.Null);
        // Eight runs over four days, so the success chart has periods to draw and the period links have days to cut.
        for (var i = 0; i < 8; i++)
        {
            await player.PlayAsync(generator.Create(i, DateTimeOffset.UtcNow.AddDays(-(i / 2)).AddHours(-i), "ov"), TimeSpan.Zero, batchSize: 50, CancellationToken.None);
        }

        var list = await Client.GetFromJsonAsync<JsonElement>("api/v1/runs?take=100");
        var items = list.GetProperty("items").EnumerateArray().ToArray();
        var spend = items.Sum(r => r.TryGetProperty("costUsd", out var c) ? c.GetDouble() : 0);
        var verified = items.Count(r => r.GetProperty("outcome").GetString() == "verified_success");

        var (page, errors) = await browser.NewPageAsync(Host.BaseAddress);
        await page.SetViewportSizeAsync(1400, 1500); // the whole page in its screenshot: it scrolls inside its layout, not the window
        await page.GotoAsync("");
        await LiveDashboardTests.WaitForInteractiveAsync(page);

        await Assertions.Expect(page.GetByTestId("kpi-spend")).ToHaveTextAsync("$" + spend.ToString("N2", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("kpi-verified")).ToHaveTextAsync($"{verified} / {items.Length}");
        foreach (var chart in new[] { "chart-spend", "chart-success", "chart-wasted" })
        {
            // Radzen draws once it has measured its box in the browser.
            await Assertions.Expect(page.GetByTestId(chart).Locator("svg path.rz-series-item, svg path").First).ToBeAttachedAsync();
        }

        var csvHref = await page.GetByTestId("csv-spend").GetAttributeAsync("href");
        var csv = await Client.GetStringAsync(csvHref);
        Assert.StartsWith("bucket,group,usd,runs\n", csv, StringComparison.Ordinal);
        var csvSpend = csv.Trim().Split('\n').Skip(1).Sum(line => double.Parse(line.Split(',')[2], CultureInfo.InvariantCulture));
        Assert.Equal(spend, csvSpend, 6);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("overview.png"), FullPage = true });

        // Every number links to the runs behind it: the runs list counts what the overview counted.
        await page.GetByTestId("kpi-verified-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/runs\\?.*outcome=verified_success"));
        await Assertions.Expect(page.GetByTestId("runs-total")).ToHaveTextAsync(RunsText(verified));
        await Assertions.Expect(page.GetByTestId("runs-chip")).ToHaveCountAsync(3);

        await page.GoBackAsync();
        var wasted = page.GetByTestId("wasted-runs-link").First;
        var wastedRuns = int.Parse((await wasted.InnerTextAsync()).Split(' ')[0], CultureInfo.InvariantCulture);
        await wasted.ClickAsync();
        await Assertions.Expect(page.GetByTestId("runs-total")).ToHaveTextAsync(RunsText(wastedRuns));
        await Assertions.Expect(page.GetByTestId("runs-chip").Filter(new() { HasText = "finding:" })).ToHaveCountAsync(1);

        await page.GoBackAsync();
        await page.GetByTestId("kpi-usd-per-verified").ClickAsync();
        await Assertions.Expect(page.GetByTestId("runs-total")).ToHaveTextAsync(RunsText(verified));

        await page.GoBackAsync();
        var period = page.GetByTestId("period-finished-link").First;
        var periodRuns = int.Parse(await period.InnerTextAsync(), CultureInfo.InvariantCulture);
        await period.ClickAsync();
        await Assertions.Expect(page.GetByTestId("runs-total")).ToHaveTextAsync(RunsText(periodRuns));
        Assert.Empty(errors);
    }

    private static string RunsText(int count) => count == 1 ? "1 run" : $"{count} runs";
}

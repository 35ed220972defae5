using System.Diagnostics;
using Martin360.Tests.Shared.Hosting;
using Microsoft.Playwright;

namespace Martin360.Bench;

/// <summary>
/// First render of /runs/{id} for a finished 10k-step run in real Chromium, each load in a fresh browser context (no
/// cache): from navigation start until the timeline shows its first step rows. Rows exist only after the page's
/// interactive render (the virtualized timeline fetches them over the circuit), so by then the header has been
/// interactive too; each load then clicks a row and waits for it to open, to be sure. Goal: median under 1.5 s.
/// </summary>
public static class RunDetailRenderBenchmark
{
    private const double GoalMs = 1_500;
    private const int Loads = 9;
    private const string RunId = "bench-detail-10k";

    // Installed before any page script: navigation-relative times of the prerendered header and of the first timeline rows.
    private const string MarksScript = """
        (() => {
          const marks = window.__m360Marks = {};
          const check = () => {
            if (marks.header === undefined && document.querySelector('[data-testid=run-header]')) marks.header = performance.now();
            if (marks.rows === undefined && document.querySelector('[data-testid=timeline] [data-testid=step]')) marks.rows = performance.now();
          };
          new MutationObserver(check).observe(document, { childList: true, subtree: true });
        })();
        """;

    public static async Task RunAsync()
    {
        BenchScale.Print();
        var stepCount = BenchScale.Of(10_000, minimum: 100);
        await using var host = await AppHost.StartAsync(null, ("environment", "Production"));
        using var http = host.CreateClient();
        var api = new BenchApi(http);

        var watch = Stopwatch.StartNew();
        await api.CreateRunAsync(RunId, "Parse negative durations in the scheduler");
        var random = new Random(1_500);
        var start = DateTimeOffset.UtcNow.AddHours(-9);
        for (var first = 1; first <= stepCount; first += 1_000)
        {
            await api.AppendAsync(RunId, BenchApi.Steps(random, first, Math.Min(1_000, stepCount - first + 1), start));
        }

        await api.FinishAsync(RunId);
        Console.WriteLine($"posted a {stepCount:N0}-step run and finished it (analysed) in {watch.Elapsed.TotalSeconds:F1} s");

        await using var browser = await BenchBrowser.LaunchAsync();
        var cold = await LoadAsync(browser, host.BaseAddress);
        Console.WriteLine($"first load after the app started (not counted): header {cold.Header:F0} ms, first rows {cold.Rows:F0} ms");

        Console.WriteLine();
        Console.WriteLine($"{"load",5} {"header painted ms",18} {"first rows ms",14} {"row opened on click ms",23}");
        var rows = new List<double>();
        for (var i = 1; i <= Loads; i++)
        {
            var load = await LoadAsync(browser, host.BaseAddress);
            rows.Add(load.Rows);
            Console.WriteLine($"{i,5} {load.Header,18:F0} {load.Rows,14:F0} {load.Click,23:F0}");
        }

        Console.WriteLine();
        Timings.PrintHeader(44);
        Timings.PrintRow($"Run detail first render, {stepCount:N0} steps", 44, rows, GoalMs);
    }

    private static async Task<(double Header, double Rows, double Click)> LoadAsync(BenchBrowser browser, Uri baseAddress)
    {
        var page = await browser.NewPageAsync(baseAddress, MarksScript);
        try
        {
            await page.GotoAsync("runs/" + RunId, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            await page.WaitForFunctionAsync("() => window.__m360Marks && window.__m360Marks.rows !== undefined");
            var header = await page.EvaluateAsync<double>("() => window.__m360Marks.header ?? -1");
            var rows = await page.EvaluateAsync<double>("() => window.__m360Marks.rows");

            // Interactive: a click on the first row opens it (a round trip over the circuit).
            var clicked = Stopwatch.StartNew();
            await page.Locator("[data-testid=timeline] [data-testid=step] .m360-step-line").First.ClickAsync();
            await page.Locator("[data-testid=step-detail]").First.WaitForAsync();
            return (header, rows, clicked.Elapsed.TotalMilliseconds);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}

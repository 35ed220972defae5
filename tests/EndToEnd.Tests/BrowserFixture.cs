using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Martin360.EndToEnd.Tests.BrowserFixture))]

namespace Martin360.EndToEnd.Tests;

/// <summary>One headless Debian Chromium for the whole test run (Playwright's own browser download cannot work here).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (`apt-get install -y chromium`); .ci/run does this.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                "--no-first-run", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A fresh page of the app's size, with console errors collected for the test to inspect.</summary>
    public async Task<(IPage Page, List<string> ConsoleErrors)> NewPageAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);

        // Expectations without their own timeout check what shows, not how fast: on a loaded 2-core runner a first render
        // can pass Playwright's 5 s default. Speed goals (a run in the list within 2 s, a stop within 2 s) set their own.
        Assertions.SetDefaultExpectTimeout(15_000);
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return (page, errors);
    }

    /// <summary>
    /// Where a page's screenshot goes: artifacts/screenshots (ignored by git) on an ordinary run, so a test run leaves
    /// the tracked images alone; docs/screenshots, which the README shows, when MARTIN360_UPDATE_SCREENSHOTS=1.
    /// </summary>
    public static string ScreenshotPath(string name)
    {
        var updateDocs = Environment.GetEnvironmentVariable("MARTIN360_UPDATE_SCREENSHOTS") == "1";
        var root = Martin360.Tests.Shared.TraceFiles.RepositoryRoot;
        var directory = updateDocs ? Path.Combine(root, "docs", "screenshots") : Path.Combine(root, "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}

using Microsoft.Playwright;

namespace Martin360.Bench;

/// <summary>Headless Debian Chromium, launched as the browser tests launch it (Playwright's own download cannot work here).</summary>
public sealed class BenchBrowser : IAsyncDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private BenchBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<BenchBrowser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: `apt-get install -y chromium`.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                "--no-first-run", "--disable-component-update", "--disable-sync",
            ],
        });
        return new BenchBrowser(playwright, browser);
    }

    /// <summary>A fresh context (no cache, no cookies) and page at the size the browser tests use.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, string? initScript = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        if (initScript is not null)
        {
            await context.AddInitScriptAsync(initScript);
        }

        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}

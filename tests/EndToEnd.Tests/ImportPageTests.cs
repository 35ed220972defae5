using System.Text;
using Martin360.Tests.Shared;
using Martin360.Tests.Shared.Hosting;
using Microsoft.Playwright;

namespace Martin360.EndToEnd.Tests;

public sealed class ImportPageTests(BrowserFixture browser) : IAsyncLifetime
{
    private AppHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await AppHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ImportPage_GoodAndBadFiles_ShowsProgressAndAResultPerFileWithTheLineOfTheError()
    {
        var good = TraceFiles.Read("mini-swe-agent/django__django-16255.traj.json");
        var sessionLines = TraceFiles.Read("claude-code/1af7fc5e-8455-4414-9ccd-011d40f70b2a.jsonl").Split('\n');

        // Line 3 of this copy is cut in the middle of its JSON: the other lines still import, line 3 is reported.
        sessionLines[2] = sessionLines[2][..(sessionLines[2].Length / 2)];
        var damaged = string.Join('\n', sessionLines);
        var (page, errors) = await browser.NewPageAsync(_host.BaseAddress);
        await page.GotoAsync("import");
        await LiveDashboardTests.WaitForInteractiveAsync(page);

        await page.GetByTestId("import-input").SetInputFilesAsync(
        [
            new FilePayload { Name = "django-16255.traj.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(good) },
            new FilePayload { Name = "damaged-session.jsonl", MimeType = "application/x-ndjson", Buffer = Encoding.UTF8.GetBytes(damaged) },
            new FilePayload { Name = "photo.png", MimeType = "image/png", Buffer = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] },
        ]);

        var rows = page.GetByTestId("import-row");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("data-state", "imported", new() { Timeout = 20_000 });
        await Assertions.Expect(rows.Nth(1)).ToHaveAttributeAsync("data-state", "partial", new() { Timeout = 20_000 });
        await Assertions.Expect(rows.Nth(2)).ToHaveAttributeAsync("data-state", "failed", new() { Timeout = 20_000 });
        Assert.Equal(3, await page.Locator("[data-testid=import-progress]").CountAsync());
        await Assertions.Expect(rows.Nth(0).GetByTestId("imported-run")).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Nth(1).GetByTestId("import-error").First).ToContainTextAsync("line 3");
        await Assertions.Expect(rows.Nth(2).GetByTestId("import-error").First).ToContainTextAsync("binary");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("import.png"), FullPage = true });

        await rows.Nth(0).GetByTestId("imported-run").ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-header")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("step").First).ToBeVisibleAsync();
        Assert.Empty(errors);
    }
}

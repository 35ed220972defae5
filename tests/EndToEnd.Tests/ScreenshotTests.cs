using System.Net.Http.Json;
using Martin360.Ingest.Policies;
using Martin360.Ingest.Storage;
using Microsoft.EntityFrameworkCore;
using Martin360.Tests.Shared.Hosting;
using Microsoft.Playwright;

namespace Martin360.EndToEnd.Tests;

/// <summary>What a newcomer sees on first start (the demo set), captured for the README and docs/.</summary>
public sealed class ScreenshotTests(BrowserFixture browser) : IAsyncLifetime
{
    private const long Day = 86_400_000;

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

    [Fact]
    public async Task FirstStart_DemoSet_RoutingSettingsAndARunWaitingForApprovalArePopulated()
    {
        var (page, errors) = await browser.NewPageAsync(_host.BaseAddress);
        await page.GotoAsync("routing");
        await LiveDashboardTests.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("reliability-row").First).ToBeVisibleAsync();
        Assert.True(await page.Locator("[data-testid=category-costs] tbody tr").CountAsync() > 0);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("routing.png"), FullPage = true });

        // Keys as a server shows them after a restart: by prefix only (the full text of a key made in Settings is shown
        // until then, and must not end up in the README).
        await SeedKeysAsync();
        await page.GotoAsync("settings");
        await LiveDashboardTests.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("key-row")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByTestId("key-row").Filter(new() { HasText = "ci-agents" })).ToContainTextAsync("m360_3f2a9c…");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("settings.png") });

        await SeedRunWaitingForApprovalAsync();
        await page.GotoAsync("runs/release-42");
        await LiveDashboardTests.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("approval-banner")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("approval-subject")).ToHaveTextAsync("$ git push origin release/42");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("run-detail-approval.png") });
        Assert.Empty(errors);
    }

    private async Task SeedKeysAsync()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var db = await _host.Get<IDbContextFactory<Martin360DbContext>>().CreateDbContextAsync();
        db.ApiKeys.AddRange(
            Key("ci-agents", "m360_3f2a9c", now - 9 * Day, lastUsed: now - 60_000),
            Key("laptop watcher", "m360_b71e04", now - 2 * Day, lastUsed: now - 3 * Day / 2),
            Key("old CI runner", "m360_0c55d2", now - 40 * Day, lastUsed: now - 30 * Day, revoked: now - 29 * Day));
        await db.SaveChangesAsync();

        static ApiKeyRecord Key(string name, string prefix, long created, long lastUsed, long? revoked = null) => new()
        {
            Id = Guid.NewGuid().ToString("n"), Name = name, Prefix = prefix, Hash = Guid.NewGuid().ToString("n"),
            CreatedAtMs = created, LastUsedAtMs = lastUsed, RevokedAtMs = revoked,
        };
    }

    private async Task SeedRunWaitingForApprovalAsync()
    {
        var saved = await _host.Get<PolicyStore>().SaveAsync("shop", new Policy { ApprovalCommands = [@"^git\s+push\b"], ApprovalPaths = ["deploy/**"] },
            "lead@example.com", CancellationToken.None);
        Assert.Empty(saved.Errors);
        using var client = _host.CreateClient();
        (await client.PostAsJsonAsync("api/v1/runs", new { id = "release-42", project = "shop", agent = new { name = "claude-code" }, task = new { title = "Release the checkout rounding fix" } }))
            .EnsureSuccessStatusCode();
        var steps = new object[]
        {
            new { id = "s1", sequence = 1, kind = "user_message", input = "Ship the rounding fix to production." },
            new { id = "s2", sequence = 2, kind = "shell_command", command = "pytest -q tests/test_checkout.py", exitCode = 0, output = "14 passed in 1.2s" },
            new { id = "s3", sequence = 3, kind = "shell_command", command = "git tag v1.8.2", exitCode = 0 },
            new { id = "s4", sequence = 4, kind = "shell_command", command = "git push origin release/42" },
        };
        (await client.PostAsJsonAsync("api/v1/runs/release-42/steps", new { steps })).EnsureSuccessStatusCode();
    }
}

using System.Net.Http.Json;
using Martin360.Ingest.Policies;
using Martin360.Tests.Shared.Hosting;
using Microsoft.Playwright;

namespace Martin360.EndToEnd.Tests;

public sealed class TriageTests(BrowserFixture browser) : AppHostTest
{
    [Fact]
    public async Task Triage_LeadMovesWithTheKeyboardAndMarksARunReviewed_ItLeavesTheQueueAndStaysReviewed()
    {
        foreach (var id in new[] { "claim-a", "claim-b", "claim-c" })
        {
            await Api.CreateRunAsync(Client, id, "Unverified " + id);
            await Api.AppendAsync(Client, id,
                new { id = "e", sequence = 1, kind = "file_edit", files = new[] { new { path = "src/app.py", action = "edit" } } },
                new { id = "c", sequence = 2, kind = "completion_claim", output = "Done." });
            (await Client.PostAsync($"api/v1/runs/{id}/finish", Api.Json("""{"status": "completed"}"""))).EnsureSuccessStatusCode();
        }

        var (page, errors) = await browser.NewPageAsync(Host.BaseAddress);
        await page.GotoAsync("triage");
        await LiveDashboardTests.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("triage-total")).ToHaveTextAsync("3 runs need a human");
        var rows = page.GetByTestId("triage-row");
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("aria-selected", "true");

        await page.GetByTestId("triage-queue").FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(rows.Nth(1)).ToHaveAttributeAsync("aria-selected", "true");
        var chosen = await rows.Nth(1).GetAttributeAsync("data-run");
        await page.Keyboard.PressAsync("r");

        await Assertions.Expect(page.GetByTestId("triage-total")).ToHaveTextAsync("2 runs need a human");
        await Assertions.Expect(page.Locator($"[data-testid=triage-row][data-run='{chosen}']")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("triage.png") });

        await page.ReloadAsync();
        await LiveDashboardTests.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("triage-total")).ToHaveTextAsync("2 runs need a human");
        await page.GetByText("Show reviewed").ClickAsync();
        await Assertions.Expect(page.Locator($"[data-testid=triage-row][data-run='{chosen}']")).ToHaveAttributeAsync("data-reviewed", "true");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Triage_PolicyStopsARunningRun_ItJoinsTheOpenQueueLive()
    {
        Assert.Empty((await Host.Get<PolicyStore>().SaveAsync("infra", new Policy { BlockedCommands = [@"terraform\s+destroy"] }, "lead", CancellationToken.None)).Errors);
        (await Client.PostAsJsonAsync("api/v1/runs", new { id = "tf-live", project = "infra", task = new { title = "Tidy the staging stack" } })).EnsureSuccessStatusCode();
        var (page, errors) = await browser.NewPageAsync(Host.BaseAddress);
        await page.GotoAsync("triage");
        await LiveDashboardTests.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("triage-empty")).ToBeVisibleAsync();

        await Api.AppendAsync(Client, "tf-live", new { id = "a", sequence = 1, kind = "shell_command", command = "terraform destroy -auto-approve" });

        var row = page.Locator("[data-testid=triage-row][data-run='tf-live']");
        await Assertions.Expect(row.GetByTestId("running-badge")).ToBeVisibleAsync();
        await Assertions.Expect(row.GetByTestId("policy-stop-badge")).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync("Blocked command at step 1");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Triage_LeadNotesAssignsAndReviewsARun_TheRunPageShowsItAll()
    {
        await Api.CreateRunAsync(Client, "claim-n", "Unverified claim-n");
        await Api.AppendAsync(Client, "claim-n", new { id = "c", sequence = 1, kind = "completion_claim", output = "Done." });
        (await Client.PostAsync("api/v1/runs/claim-n/finish", Api.Json("""{"status": "completed"}"""))).EnsureSuccessStatusCode();

        var (page, errors) = await browser.NewPageAsync(Host.BaseAddress);
        await page.GotoAsync("triage");
        await LiveDashboardTests.WaitForInteractiveAsync(page);
        await page.GetByTestId("triage-reviewer").FillAsync("dana");
        await page.GetByTestId("triage-queue").FocusAsync();
        await page.Keyboard.PressAsync("n");
        await Assertions.Expect(page.GetByTestId("triage-note")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("asked the agent for the test output");
        await page.GetByTestId("triage-assignee").FillAsync("li");
        await page.GetByTestId("triage-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("triage-row").First).ToContainTextAsync("note: asked the agent for the test output");
        await page.Keyboard.PressAsync("r");
        await Assertions.Expect(page.GetByTestId("triage-empty")).ToBeVisibleAsync();

        await page.GotoAsync("runs/claim-n");
        await LiveDashboardTests.WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("run-reviewed")).ToContainTextAsync("Reviewed by dana at ");
        await Assertions.Expect(page.GetByTestId("run-assignee")).ToHaveTextAsync("assigned to li");
        await Assertions.Expect(page.GetByTestId("run-note")).ToHaveTextAsync("Note: asked the agent for the test output");
        Assert.Empty(errors);
    }
}

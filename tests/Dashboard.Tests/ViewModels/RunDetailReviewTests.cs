using System.Net.Http.Json;
using Martin360.Dashboard.ViewModels;
using Martin360.Ingest;
using Martin360.Ingest.Storage;
using Martin360.Tests.Shared.Hosting;

namespace Martin360.Dashboard.Tests.ViewModels;

/// <summary>What a lead records in Triage is shown on the run's page, and outlives the page.</summary>
public sealed class RunDetailReviewTests : AppHostTest
{
    [Fact]
    public async Task Load_RunReviewedNotedAndAssignedInTriage_ShowsWhoReviewedItTheAssigneeAndTheNote()
    {
        await SeedFailedRunAsync("t-1");
        var triage = new TriageViewModel(Host.Get<TriageStore>()) { ReviewerName = "  dana " };
        await triage.LoadAsync(CancellationToken.None);
        Assert.Equal("t-1", triage.Current?.RunId);

        await triage.SaveNoteAsync("t-1", "flaky CI runner, re-run tomorrow", CancellationToken.None);
        await triage.AssignAsync("t-1", "li", CancellationToken.None);
        await triage.ToggleReviewedAsync(triage.Reviewer, CancellationToken.None);

        var detail = NewDetail();
        Assert.True(await detail.LoadAsync("t-1", CancellationToken.None));
        var review = Assert.IsType<RunReview>(detail.Review);
        Assert.StartsWith("Reviewed by dana at ", review.Reviewed, StringComparison.Ordinal);
        Assert.Equal("li", review.AssignedTo);
        Assert.Equal("flaky CI runner, re-run tomorrow", review.Note);
    }

    [Fact]
    public async Task Load_RunNobodyTriaged_HasNoReview()
    {
        await SeedFailedRunAsync("t-2");

        var detail = NewDetail();

        Assert.True(await detail.LoadAsync("t-2", CancellationToken.None));
        Assert.Null(detail.Review);
    }

    [Fact]
    public void From_ReviewMarkedThenUnmarkedWithNothingElse_IsNothingToShow()
    {
        Assert.Null(RunReview.From(new ReviewRecord { RunId = "r", Reviewed = false }));
        Assert.Null(RunReview.From(null));
        Assert.Equal("Reviewed by someone at —", RunReview.From(new ReviewRecord { RunId = "r", Reviewed = true })?.Reviewed);
    }

    [Fact]
    public void Reviewer_NoNameTyped_IsRecordedAsAnUnnamedLead()
    {
        var triage = new TriageViewModel(null!) { ReviewerName = " " };

        Assert.Equal("an unnamed lead", triage.Reviewer);
    }

    private RunDetailViewModel NewDetail() =>
        new(Host.Get<TraceStore>(), Host.Get<TriageStore>(), Host.Get<IngestService>(), new RunsViewModel(Host.Get<TraceStore>(), TimeProvider.System));

    private async Task SeedFailedRunAsync(string id)
    {
        (await Client.PostAsJsonAsync("api/v1/runs", new { id })).EnsureSuccessStatusCode();
        var steps = new object[]
        {
            new { id = "a", sequence = 1, kind = "shell_command", command = "pytest -q", exitCode = 1, output = "1 failed, 4 passed in 0.8s" },
            new { id = "b", sequence = 2, kind = "completion_claim", output = "Done!" },
        };
        (await Client.PostAsJsonAsync($"api/v1/runs/{id}/steps", new { steps })).EnsureSuccessStatusCode();
        (await Client.PostAsJsonAsync($"api/v1/runs/{id}/finish", new { status = "completed" })).EnsureSuccessStatusCode();
    }
}

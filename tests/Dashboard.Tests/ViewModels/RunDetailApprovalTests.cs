using System.Net.Http.Json;
using Martin360.Dashboard.ViewModels;
using Martin360.Ingest;
using Martin360.Ingest.Control;
using Martin360.Ingest.Http;
using Martin360.Ingest.Policies;
using Martin360.Ingest.Storage;
using Martin360.Tests.Shared.Hosting;

namespace Martin360.Dashboard.Tests.ViewModels;

/// <summary>What the run page's approval banner and history, and the triage row, are made of.</summary>
public sealed class RunDetailApprovalTests : AppHostTest
{
    private static readonly ApprovalRequest s_push = new()
    {
        Step = 3, StepId = "b", Kind = ApprovalKind.Command, Subject = "git push origin main", Pattern = @"^git\s+push\b",
        Reason = @"policy: command at step 3 needs approval: `git push origin main` matches `^git\s+push\b`",
        Finding = "Command needing approval at step 3: `git push origin main` (matches `^git\\s+push\\b`).",
    };

    [Fact]
    public async Task Load_RunWaitingForApproval_ListsItPendingWithTheVerdict_AndApproveMovesItToTheHistory()
    {
        await SeedAsync();
        var model = NewModel();

        await model.LoadAsync("dep-1", CancellationToken.None);
        var pending = Assert.Single(model.PendingApprovals);
        var verdictBefore = model.Verdict.ActionName;
        var decided = await model.DecideAsync(pending.Id, approve: true, "a human in the dashboard", CancellationToken.None);

        Assert.Equal("needs_approval", verdictBefore);
        Assert.Equal((3L, "command", "git push origin main"), (pending.Step, pending.Kind, pending.Subject));
        Assert.True(decided);
        Assert.Empty(model.PendingApprovals);
        var history = Assert.Single(model.DecidedApprovals);
        Assert.StartsWith("approved by a human in the dashboard at ", RunDetailViewModel.ApprovalDecision(history), StringComparison.Ordinal);
        Assert.Equal("continue", model.Verdict.ActionName);
    }

    [Fact]
    public async Task Decide_AlreadyDeniedElsewhere_ReturnsFalseAndShowsTheOtherDecision()
    {
        await SeedAsync();
        var model = NewModel();
        await model.LoadAsync("dep-1", CancellationToken.None);
        await Host.Get<IngestService>().DecideApprovalAsync("dep-1", 1, ApprovalStatus.Denied, "ops", CancellationToken.None);

        var decided = await model.DecideAsync(1, approve: true, "a human in the dashboard", CancellationToken.None);

        Assert.False(decided);
        Assert.Equal("denied", Assert.Single(model.DecidedApprovals).Status);
        Assert.Equal("stop", model.Verdict.ActionName);
        Assert.Equal(["denied by ops: command `git push origin main` at step 3"], model.Verdict.Reasons);
    }

    [Fact]
    public void ApprovalHeadline_CommandAndPath_SayWhatTheStepWantsToDo()
    {
        var command = ViewMapper.ToView(new Approval { Id = 1, Request = s_push, RequestedAtMs = 0 });
        var path = command with { Kind = "path", Step = 12 };

        Assert.Equal("Step 3 wants to run a command", RunDetailViewModel.ApprovalHeadline(command));
        Assert.Equal("Step 12 wants to change a file", RunDetailViewModel.ApprovalHeadline(path));
    }

    [Fact]
    public void TriageRow_RunWithAPendingApproval_SaysWhatItWaitsFor()
    {
        var run = new RunRecord { Id = "r1", SourceFormat = "martin360/v1", Status = "running", CostProvenance = "unknown", CreatedAtMs = 0, UpdatedAtMs = 0 };
        RecordMapper.AddApprovals(run, [s_push, s_push with { Step = 5 }], 0);

        var row = TriageViewModel.ToRow(new TriageItem(run, null));

        Assert.Equal(2, row.PendingApprovals);
        Assert.Equal("command `git push origin main` at step 3", row.AwaitingApproval);
    }

    private RunDetailViewModel NewModel() =>
        new(Host.Get<TraceStore>(), Host.Get<TriageStore>(), Host.Get<IngestService>(), new RunsViewModel(Host.Get<TraceStore>(), TimeProvider.System));

    private async Task SeedAsync()
    {
        var saved = await Host.Get<PolicyStore>().SaveAsync("shop", new Policy { ApprovalCommands = [s_push.Pattern] }, "test", CancellationToken.None);
        Assert.Empty(saved.Errors);
        (await Client.PostAsJsonAsync("api/v1/runs", new { id = "dep-1", project = "shop" })).EnsureSuccessStatusCode();
        var steps = new object[]
        {
            new { id = "a", sequence = 1, kind = "shell_command", command = "git status", exitCode = 0 },
            new { id = "b", sequence = 3, kind = "shell_command", command = "git push origin main" },
        };
        (await Client.PostAsJsonAsync("api/v1/runs/dep-1/steps", new { steps })).EnsureSuccessStatusCode();
    }
}

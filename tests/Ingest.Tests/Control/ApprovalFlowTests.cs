using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Ingest.Control;
using Martin360.Ingest.Policies;
using Martin360.Ingest.Storage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Martin360.Ingest.Tests.Control;

/// <summary>
/// The approval flow through the ingest service as the app composes it (real SQLite file, real policy store): a policy's
/// approval pattern makes an append wait for a human, whose decision is stored and pushed to the run's subscribers.
/// </summary>
public sealed class ApprovalFlowTests : IAsyncLifetime
{
    private const string Project = "deploys";
    private const string PushReason = @"policy: command at step 3 needs approval: `git push origin main` matches `^git\s+push\b`";

    private readonly string _directory = Directory.CreateTempSubdirectory("m360-approval-").FullName;
    private RecordingHubContext _hub = new();
    private ServiceProvider _services = null!;

    private IngestService Ingest => _services.GetRequiredService<IngestService>();

    private TraceStore Store => _services.GetRequiredService<TraceStore>();

    public async ValueTask InitializeAsync()
    {
        await StartAsync();
        var saved = await _services.GetRequiredService<PolicyStore>().SaveAsync(Project,
            new Policy { ApprovalCommands = [@"^git\s+push\b"], ApprovalPaths = ["deploy/**"] }, "lead", CancellationToken.None);
        Assert.Empty(saved.Errors);
        await Ingest.CreateRunAsync(new Run { Id = "r1", SourceFormat = "martin360/v1", Project = Project, Status = RunStatus.Running }, CancellationToken.None);
        await Ingest.CreateRunAsync(new Run { Id = "r2", SourceFormat = "martin360/v1", Project = Project, Status = RunStatus.Running }, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Append_ApprovalCommand_PendingApprovalIsStoredAndLaterAppendsStayNeedsApproval()
    {
        var asked = await AppendAsync("r1", Shell("a", 1, "git status"), Shell("b", 3, "git push origin main"));
        var later = await AppendAsync("r1", Shell("c", 4, "echo waiting"));

        Assert.Equal(VerdictAction.NeedsApproval, asked.Action);
        Assert.Equal([PushReason], asked.Reasons);
        Assert.Equal(VerdictAction.NeedsApproval, later.Action);
        Assert.Equal([PushReason], later.Reasons);
        var run = await RunAsync("r1");
        Assert.Equal(1, run.PendingApprovals);
        var approval = Assert.Single(RecordMapper.ApprovalsOf(run));
        Assert.Equal((1, ApprovalStatus.Pending, 3L, "b", ApprovalKind.Command), (approval.Id, approval.Status, approval.Request.Step, approval.Request.StepId, approval.Request.Kind));
        Assert.Equal(("git push origin main", @"^git\s+push\b", PushReason), (approval.Request.Subject, approval.Request.Pattern, approval.Request.Reason));
        Assert.Equal(VerdictAction.NeedsApproval, Ingest.VerdictFor(run).Action);
    }

    [Fact]
    public async Task Append_ApprovalPath_AsksForThePathChanged()
    {
        var verdict = await AppendAsync("r1", new Step
        {
            Id = "e", Sequence = 2, Kind = StepKind.FileEdit, Files = [new FileTouch("deploy/prod.yaml", FileAction.Edit)],
        });

        Assert.Equal(VerdictAction.NeedsApproval, verdict.Action);
        var approval = Assert.Single(RecordMapper.ApprovalsOf(await RunAsync("r1")));
        Assert.Equal((ApprovalKind.Path, "deploy/prod.yaml"), (approval.Request.Kind, approval.Request.Subject));
        Assert.Equal("policy: change to deploy/prod.yaml at step 2 needs approval (matches `deploy/**`)", approval.Request.Reason);
    }

    [Fact]
    public async Task Approve_PendingApproval_VerdictContinuesAndTheSubscriberIsToldAtOnce()
    {
        await JoinAsync("r1");
        await AppendAsync("r1", Shell("b", 3, "git push origin main"));

        var outcome = await Ingest.DecideApprovalAsync("r1", 1, ApprovalStatus.Approved, "lead@example.com", CancellationToken.None);

        Assert.NotNull(outcome);
        Assert.True(outcome.Decided);
        Assert.Equal((ApprovalStatus.Approved, "lead@example.com"), (outcome.Approval!.Status, outcome.Approval.DecidedBy));
        Assert.Equal(0, outcome.Run.PendingApprovals);
        AssertContinue(Ingest.VerdictFor(outcome.Run));
        var sent = _hub.Sent.Where(s => s.Group == ControlChannel.GroupOf("r1")).ToList();
        Assert.Equal(["approval", "verdict", "approval", "verdict"], sent.Select(s => s.Method));
        Assert.Equal(("pending", 1), (((ApprovalMessage)sent[0].Message!).Status, ((ApprovalMessage)sent[0].Message!).ApprovalId));
        Assert.Equal("needs_approval", ((VerdictMessage)sent[1].Message!).Action);
        Assert.Equal(("approved", "lead@example.com"), (((ApprovalMessage)sent[2].Message!).Status, ((ApprovalMessage)sent[2].Message!).DecidedBy));
        Assert.Equal(("continue", 0), (((VerdictMessage)sent[3].Message!).Action, ((VerdictMessage)sent[3].Message!).Reasons.Count));
    }

    [Fact]
    public async Task Approve_ThenTheStepIsReSentOrReportedAgain_IsNotAskedAgain()
    {
        await AppendAsync("r1", Shell("b", 3, "git push origin main"));
        await Ingest.DecideApprovalAsync("r1", 1, ApprovalStatus.Approved, "lead", CancellationToken.None);

        var resent = await AppendAsync("r1", Shell("b", 3, "git push origin main"));
        var result = await AppendAsync("r1", Shell("b-result", 3, "git push origin main") with { Output = "To github.com:acme/shop.git" });
        var next = await AppendAsync("r1", Shell("c", 4, "echo pushed"));

        AssertContinue(resent);
        AssertContinue(result);
        AssertContinue(next);
        var run = await RunAsync("r1");
        Assert.Equal([ApprovalStatus.Approved], RecordMapper.ApprovalsOf(run).Select(a => a.Status));

        // A command a human allowed is not left behind as a policy violation (it would send the run to Triage).
        Assert.DoesNotContain(RecordMapper.FindingsOf(run), f => f.Kind == FindingKind.PolicyViolation);
    }

    [Fact]
    public async Task Approve_TheSameCommandAtALaterStep_IsAskedAgain()
    {
        await AppendAsync("r1", Shell("b", 3, "git push origin main"));
        await Ingest.DecideApprovalAsync("r1", 1, ApprovalStatus.Approved, "lead", CancellationToken.None);

        var again = await AppendAsync("r1", Shell("d", 9, "git push origin main"));

        Assert.Equal(VerdictAction.NeedsApproval, again.Action);
        Assert.Equal([@"policy: command at step 9 needs approval: `git push origin main` matches `^git\s+push\b`"], again.Reasons);
        Assert.Equal([1, 2], RecordMapper.ApprovalsOf(await RunAsync("r1")).Select(a => a.Id));
    }

    [Fact]
    public async Task Deny_PendingApproval_VerdictStopsWithWhoDeniedAndStaysStop()
    {
        await JoinAsync("r1");
        await AppendAsync("r1", Shell("b", 3, "git push origin main"));

        var outcome = await Ingest.DecideApprovalAsync("r1", 1, ApprovalStatus.Denied, "lead@example.com", CancellationToken.None);
        var next = await AppendAsync("r1", Shell("c", 4, "echo still here"));

        const string denied = "denied by lead@example.com: command `git push origin main` at step 3";
        var stored = Ingest.VerdictFor(outcome!.Run);
        Assert.Equal(VerdictAction.Stop, stored.Action);
        Assert.Equal([denied], stored.Reasons);
        Assert.Equal(VerdictAction.Stop, next.Action);
        Assert.Equal([denied], next.Reasons);
        var pushed = (VerdictMessage)_hub.Sent.Last(s => s.Method == ControlChannel.VerdictMethod).Message!;
        Assert.Equal(("stop", denied), (pushed.Action, Assert.Single(pushed.Reasons)));
        Assert.Contains(RecordMapper.FindingsOf(await RunAsync("r1")), f => f.Kind == FindingKind.PolicyViolation && f.Steps.SequenceEqual([3L]));
    }

    [Fact]
    public async Task Decide_AlreadyDecided_KeepsTheFirstDecision()
    {
        await AppendAsync("r1", Shell("b", 3, "git push origin main"));
        await Ingest.DecideApprovalAsync("r1", 1, ApprovalStatus.Approved, "ana", CancellationToken.None);

        var second = await Ingest.DecideApprovalAsync("r1", 1, ApprovalStatus.Denied, "ben", CancellationToken.None);
        var unknown = await Ingest.DecideApprovalAsync("r1", 7, ApprovalStatus.Approved, "ben", CancellationToken.None);
        var noRun = await Ingest.DecideApprovalAsync("nope", 1, ApprovalStatus.Approved, "ben", CancellationToken.None);

        Assert.False(second!.Decided);
        Assert.Equal((ApprovalStatus.Approved, "ana"), (second.Approval!.Status, second.Approval.DecidedBy));
        AssertContinue(Ingest.VerdictFor(second.Run));
        Assert.Null(unknown!.Approval);
        Assert.Null(noRun);
    }

    [Fact]
    public async Task Restart_PendingApproval_IsStillPendingAndCanBeDecidedAfterwards()
    {
        await AppendAsync("r1", Shell("b", 3, "git push origin main"));

        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await StartAsync();
        var reloaded = await RunAsync("r1");
        var outcome = await Ingest.DecideApprovalAsync("r1", 1, ApprovalStatus.Approved, "lead", CancellationToken.None);

        Assert.Equal(1, reloaded.PendingApprovals);
        Assert.Equal(VerdictAction.NeedsApproval, Ingest.VerdictFor(reloaded).Action);
        Assert.Equal([PushReason], Ingest.VerdictFor(reloaded).Reasons);
        Assert.True(outcome!.Decided);
        AssertContinue(await AppendAsync("r1", Shell("c", 4, "echo pushed")));
    }

    [Fact]
    public async Task TriageQueue_RunWaitingForApproval_IsListedFirstWhileStillRunning()
    {
        await AppendAsync("r1", Shell("b", 3, "git push origin main"));
        await AppendAsync("r2", Shell("a", 1, "git status"));
        await Ingest.FinishAsync("r2", RunStatus.Failed, "tests failed", null, CancellationToken.None);
        var triage = _services.GetRequiredService<TriageStore>();

        var (waiting, _) = await triage.QueueAsync(includeReviewed: false, null, 0, 10, CancellationToken.None);
        await Ingest.DecideApprovalAsync("r1", 1, ApprovalStatus.Approved, "lead", CancellationToken.None);
        var (after, _) = await triage.QueueAsync(includeReviewed: false, null, 0, 10, CancellationToken.None);

        Assert.Equal(["r1", "r2"], waiting.Select(i => i.Run.Id));
        Assert.Equal("running", waiting[0].Run.Status);
        Assert.Equal(["r2"], after.Select(i => i.Run.Id));
    }

    [Fact]
    public async Task TriageQueue_PagesAcrossTheWaitingRuns_EachRunOnceInOrderAndTotalCountsBoth()
    {
        await AppendAsync("r1", Shell("b", 3, "git push origin main"));
        for (var i = 3; i <= 5; i++)
        {
            await Ingest.CreateRunAsync(new Run { Id = $"r{i}", SourceFormat = "martin360/v1", Project = Project, Status = RunStatus.Running }, CancellationToken.None);
            await AppendAsync($"r{i}", Shell("a", 1, "git status"));
            await Ingest.FinishAsync($"r{i}", RunStatus.Failed, "tests failed", null, CancellationToken.None);
        }

        var triage = _services.GetRequiredService<TriageStore>();
        var (all, total) = await triage.QueueAsync(includeReviewed: false, null, 0, 10, CancellationToken.None);
        var (first, _) = await triage.QueueAsync(includeReviewed: false, null, 0, 2, CancellationToken.None);
        var (second, secondTotal) = await triage.QueueAsync(includeReviewed: false, null, 2, 2, CancellationToken.None);

        Assert.Equal(4, total);
        Assert.Equal(4, secondTotal);
        Assert.Equal("r1", all[0].Run.Id);
        Assert.Equal(all.Select(i => i.Run.Id), first.Concat(second).Select(i => i.Run.Id));
    }

    private async Task StartAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Martin360:Storage:DataDirectory"] = _directory })
            .Build();
        _hub = new RecordingHubContext();
        var services = new ServiceCollection().AddLogging().AddIngest(configuration);
        services.AddSingleton<IHubContext<ControlHub>>(_hub);
        _services = services.BuildServiceProvider();
        await using var db = await _services.GetRequiredService<IDbContextFactory<Martin360DbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    private async Task JoinAsync(string runId) =>
        Assert.NotNull(await _services.GetRequiredService<ControlChannel>().JoinAsync("harness-1", runId, CancellationToken.None));

    private async Task<Verdict> AppendAsync(string runId, params Step[] steps)
    {
        var result = await Ingest.AppendAsync(runId, steps, CancellationToken.None);
        Assert.NotNull(result);
        return result.Value.Verdict;
    }

    private async Task<RunRecord> RunAsync(string runId) => (await Store.GetRunAsync(runId, CancellationToken.None))!;

    private static Step Shell(string id, long sequence, string command) =>
        new() { Id = id, Sequence = sequence, Kind = StepKind.ShellCommand, Command = command, ExitCode = 0 };

    private static void AssertContinue(Verdict verdict)
    {
        Assert.Equal(VerdictAction.Continue, verdict.Action);
        Assert.Empty(verdict.Reasons);
    }
}

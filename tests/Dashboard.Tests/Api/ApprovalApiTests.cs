using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Martin360.Ingest.Policies;
using Martin360.Tests.Shared.Hosting;

namespace Martin360.Dashboard.Tests.Api;

/// <summary>The approval flow over HTTP with the API key, as automation drives it: asked on an append, decided by POST.</summary>
public sealed class ApprovalApiTests : AppHostTest
{
    private const string Asked = @"policy: command at step 2 needs approval: `kubectl apply -f prod.yaml` matches `^kubectl\s+apply\b`";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var saved = await Host.Get<PolicyStore>().SaveAsync("platform", new Policy { ApprovalCommands = [@"^kubectl\s+apply\b"] }, "test", CancellationToken.None);
        Assert.Empty(saved.Errors);
        (await Client.PostAsJsonAsync("api/v1/runs", new { id = "k-1", project = "platform" })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Append_ApprovalPattern_RunShowsThePendingApprovalAndItsVerdict()
    {
        var asked = await AppendAsync(new { id = "a", sequence = 2, kind = "shell_command", command = "kubectl apply -f prod.yaml" });

        var run = await Client.GetFromJsonAsync<JsonElement>("api/v1/runs/k-1");
        var list = await Client.GetFromJsonAsync<JsonElement>("api/v1/runs/k-1/approvals");

        Assert.Equal("needs_approval", asked.GetProperty("action").GetString());
        Assert.Equal("needs_approval", run.GetProperty("verdict").GetProperty("action").GetString());
        Assert.Equal([Asked], Reasons(run.GetProperty("verdict")));
        var approval = run.GetProperty("approvals")[0];
        Assert.Equal((1, "pending", 2L, "a", "command"), (approval.GetProperty("id").GetInt32(), approval.GetProperty("status").GetString(),
            approval.GetProperty("step").GetInt64(), approval.GetProperty("stepId").GetString(), approval.GetProperty("kind").GetString()));
        Assert.Equal(("kubectl apply -f prod.yaml", Asked), (approval.GetProperty("subject").GetString(), approval.GetProperty("reason").GetString()));
        Assert.Equal("needs_approval", list.GetProperty("verdict").GetProperty("action").GetString());
        Assert.Equal(1, list.GetProperty("approvals").GetArrayLength());
    }

    [Fact]
    public async Task Approve_OverHttp_VerdictContinuesAndTheReSentStepIsNotAskedAgain()
    {
        await AppendAsync(new { id = "a", sequence = 2, kind = "shell_command", command = "kubectl apply -f prod.yaml" });

        var response = await Client.PostAsJsonAsync("api/v1/runs/k-1/approvals/1", new { decision = "approve", by = "release-bot" });
        var decided = await response.Content.ReadFromJsonAsync<JsonElement>();
        var resent = await AppendAsync(new { id = "a", sequence = 2, kind = "shell_command", command = "kubectl apply -f prod.yaml" });
        var next = await AppendAsync(new { id = "b", sequence = 3, kind = "shell_command", command = "kubectl rollout status deploy/web" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("continue", decided.GetProperty("verdict").GetProperty("action").GetString());
        var approval = decided.GetProperty("approvals")[0];
        Assert.Equal(("approved", "release-bot"), (approval.GetProperty("status").GetString(), approval.GetProperty("decidedBy").GetString()));
        Assert.Equal("continue", resent.GetProperty("action").GetString());
        Assert.Equal("continue", next.GetProperty("action").GetString());
    }

    [Fact]
    public async Task Deny_OverHttp_VerdictStopsWithWhoDenied()
    {
        await AppendAsync(new { id = "a", sequence = 2, kind = "shell_command", command = "kubectl apply -f prod.yaml" });

        var decided = await (await Client.PostAsJsonAsync("api/v1/runs/k-1/approvals/1", new { decision = "deny", by = "oncall@example.com" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var next = await AppendAsync(new { id = "b", sequence = 3, kind = "thought" });
        var run = await Client.GetFromJsonAsync<JsonElement>("api/v1/runs/k-1");

        const string denied = "denied by oncall@example.com: command `kubectl apply -f prod.yaml` at step 2";
        Assert.Equal("stop", decided.GetProperty("verdict").GetProperty("action").GetString());
        Assert.Equal([denied], Reasons(decided.GetProperty("verdict")));
        Assert.Equal("stop", next.GetProperty("action").GetString());
        Assert.Equal([denied], Reasons(run.GetProperty("verdict")));
    }

    [Fact]
    public async Task Decide_WithoutBy_IsRecordedAsTheApiAndTheSameDecisionAgainIsAccepted()
    {
        await AppendAsync(new { id = "a", sequence = 2, kind = "shell_command", command = "kubectl apply -f prod.yaml" });

        var first = await Client.PostAsJsonAsync("api/v1/runs/k-1/approvals/1", new { decision = "approve" });
        var again = await Client.PostAsJsonAsync("api/v1/runs/k-1/approvals/1", new { decision = "approve", by = "someone else" });
        var body = await again.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("the API", body.GetProperty("approvals")[0].GetProperty("decidedBy").GetString());
    }

    [Fact]
    public async Task Decide_BadRequests_AnswerProblemsNamingWhatIsWrong()
    {
        await AppendAsync(new { id = "a", sequence = 2, kind = "shell_command", command = "kubectl apply -f prod.yaml" });
        using var anonymous = Host.CreateClient(apiKey: null);

        var noKey = await anonymous.PostAsJsonAsync("api/v1/runs/k-1/approvals/1", new { decision = "approve" });
        var badDecision = await Client.PostAsJsonAsync("api/v1/runs/k-1/approvals/1", new { decision = "maybe" });
        var noApproval = await Client.PostAsJsonAsync("api/v1/runs/k-1/approvals/9", new { decision = "approve" });
        var noRun = await Client.PostAsJsonAsync("api/v1/runs/nope/approvals/1", new { decision = "approve" });
        await Client.PostAsJsonAsync("api/v1/runs/k-1/approvals/1", new { decision = "deny", by = "ana" });
        var conflict = await Client.PostAsJsonAsync("api/v1/runs/k-1/approvals/1", new { decision = "approve", by = "ben" });

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badDecision.StatusCode);
        var errors = (await badDecision.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("expected \"approve\" or \"deny\", got 'maybe'", errors.GetProperty("$.decision")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, noApproval.StatusCode);
        Assert.Contains("has no approval 9", await noApproval.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, noRun.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("was denied by ana", await conflict.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static IEnumerable<string?> Reasons(JsonElement verdict) => verdict.GetProperty("reasons").EnumerateArray().Select(r => r.GetString());

    private async Task<JsonElement> AppendAsync(object step)
    {
        var response = await Client.PostAsJsonAsync("api/v1/runs/k-1/steps", new { steps = new[] { step } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verdict");
    }
}

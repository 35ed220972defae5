using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Martin360.Analysis.Model;
using Martin360.Ingest.Policies;
using Martin360.Ingest.Tests.Otlp;
using Martin360.Tests.Shared;
using Martin360.Tests.Shared.Hosting;

namespace Martin360.Dashboard.Tests.Api;

public sealed class PolicyApiTests : AppHostTest
{
    [Fact]
    public async Task Append_BlockedCommand_VerdictIsStopWithTheReasonAndStaysStop()
    {
        await SavePolicyAsync("infra", new Policy { BlockedCommands = [@"terraform\s+destroy"] });
        await CreateRunAsync("tf-1", "infra");

        var first = await AppendAsync("tf-1", new { id = "a", sequence = 1, kind = "shell_command", command = "terraform plan" });
        var blocked = await AppendAsync("tf-1", new { id = "b", sequence = 2, kind = "shell_command", command = "terraform destroy -auto-approve" });
        var after = await AppendAsync("tf-1", new { id = "c", sequence = 3, kind = "assistant_message", output = "Done." });

        Assert.Equal("continue", first.GetProperty("action").GetString());
        Assert.Equal("stop", blocked.GetProperty("action").GetString());
        Assert.Equal([@"policy: blocked command at step 2: `terraform destroy -auto-approve` matches `terraform\s+destroy`"],
            blocked.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("stop", after.GetProperty("action").GetString());

        var run = await Client.GetFromJsonAsync<JsonElement>("api/v1/runs/tf-1");
        var violation = run.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("kind").GetString() == "policy_violation");
        Assert.Equal("critical", violation.GetProperty("severity").GetString());
        Assert.Equal([2L], violation.GetProperty("steps").EnumerateArray().Select(s => s.GetInt64()));
    }

    [Fact]
    public async Task Append_OtherProject_IsNotJudgedByThatProjectsPolicy()
    {
        await SavePolicyAsync("infra", new Policy { BlockedCommands = ["terraform"] });
        await CreateRunAsync("web-1", "web");

        var verdict = await AppendAsync("web-1", new { id = "a", sequence = 1, kind = "shell_command", command = "terraform destroy" });

        Assert.Equal("continue", verdict.GetProperty("action").GetString());
    }

    [Fact]
    public async Task Append_PolicyStricterThanRunBudget_PolicyWinsAndBothReasonsShow()
    {
        await SavePolicyAsync("billing", new Policy { Budget = new RunBudget { HardSteps = 2 } });
        (await Client.PostAsJsonAsync("api/v1/runs", new { id = "b-1", project = "billing", budget = new { softSteps = 2, hardSteps = 10 } })).EnsureSuccessStatusCode();

        var one = await AppendAsync("b-1", new { id = "a", sequence = 1, kind = "thought" });
        var two = await AppendAsync("b-1", new { id = "b", sequence = 2, kind = "thought" });

        Assert.Equal("continue", one.GetProperty("action").GetString());
        Assert.Equal("stop", two.GetProperty("action").GetString());
        Assert.Equal(["soft budget reached: 2 of 2 steps", "policy: hard budget reached: 2 of 2 steps"],
            two.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Append_ProtectedPathEdited_WarnsAndTheViolationSurvivesReanalysis()
    {
        await SavePolicyAsync(Policy.DefaultProject, new Policy { ProtectedPaths = ["tests/**"] });
        await CreateRunAsync("p-1", null);

        var verdict = await AppendAsync("p-1", new { id = "a", sequence = 1, kind = "file_edit", files = new[] { new { path = "tests/test_tax.py", action = "edit" } } });
        var finished = await Client.PostAsJsonAsync("api/v1/runs/p-1/finish", new { status = "completed" });
        finished.EnsureSuccessStatusCode();

        Assert.Equal("warn", verdict.GetProperty("action").GetString());
        var run = await Client.GetFromJsonAsync<JsonElement>("api/v1/runs/p-1");
        Assert.Contains(run.GetProperty("findings").EnumerateArray(),
            f => f.GetProperty("kind").GetString() == "policy_violation" && f.GetProperty("summary").GetString()!.Contains("tests/test_tax.py", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OtlpSpans_BlockedCommandInATool_RunIsStoppedWithAViolationFinding()
    {
        await SavePolicyAsync(Policy.DefaultProject, new Policy { BlockedCommands = [@"^pytest\b"] });

        var response = await Client.PostAsync("v1/traces", new StringContent(GenAiAgentScenario.Json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await SingleRunAsync();
        Assert.Equal("stop", run.GetProperty("verdict").GetProperty("action").GetString());
        Assert.Contains(run.GetProperty("verdict").GetProperty("reasons").EnumerateArray(),
            r => r.GetString()!.StartsWith("policy: blocked command at step", StringComparison.Ordinal) && r.GetString()!.Contains("`pytest -q`", StringComparison.Ordinal));
        var violation = Assert.Single(run.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == "policy_violation");
        Assert.Equal("critical", violation.GetProperty("severity").GetString());
    }

    [Fact]
    public async Task OtlpSpans_SameBatchSentTwice_ViolationIsRecordedOnce()
    {
        await SavePolicyAsync(Policy.DefaultProject, new Policy { ProtectedPaths = ["**"], BlockedCommands = [@"^pytest\b"] });

        for (var i = 0; i < 2; i++)
        {
            (await Client.PostAsync("v1/traces", new StringContent(GenAiAgentScenario.Json, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }

        var run = await SingleRunAsync();
        Assert.Single(run.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == "policy_violation");
    }

    [Fact]
    public async Task Import_FinishedRunWithACommandNeedingApproval_IsAFindingNotAPendingApproval()
    {
        await SavePolicyAsync(Policy.DefaultProject, new Policy { ApprovalCommands = [@"^rm\s"] });

        var response = await Client.PostAsync("api/v1/import?name=pydicom__pydicom-1458.traj",
            new StringContent(TraceFiles.Read("swe-agent/pydicom__pydicom-1458.traj"), Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await SingleRunAsync();
        Assert.NotEqual("running", run.GetProperty("status").GetString());
        Assert.True(!run.TryGetProperty("approvals", out var approvals) || approvals.GetArrayLength() == 0);
        Assert.NotEqual("needs_approval", run.GetProperty("verdict").GetProperty("action").GetString());
        var violation = Assert.Single(run.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == "policy_violation");
        Assert.Contains("`rm reproduce_bug.py`", violation.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finish_RequiredVerifierNeverRan_IsAnUnverifiedClaimNotAVerifiedSuccess()
    {
        await SavePolicyAsync("typed", new Policy { RequiredVerifiers = ["pytest", "mypy"] });
        foreach (var (id, project) in new[] { ("typed-1", "typed"), ("plain-1", "plain") })
        {
            await CreateRunAsync(id, project);
            await AppendAsync(id,
                new { id = "a", sequence = 1, kind = "file_edit", files = new[] { new { path = "src/tax.py", action = "edit" } } },
                new { id = "b", sequence = 2, kind = "shell_command", command = "pytest -q", exitCode = 0, output = "5 passed in 0.31s" },
                new { id = "c", sequence = 3, kind = "completion_claim", output = "Done: the tax rounding is fixed and the tests pass." });
            (await Client.PostAsJsonAsync($"api/v1/runs/{id}/finish", new { status = "completed" })).EnsureSuccessStatusCode();
        }

        var typed = await Client.GetFromJsonAsync<JsonElement>("api/v1/runs/typed-1");
        var plain = await Client.GetFromJsonAsync<JsonElement>("api/v1/runs/plain-1");

        Assert.Equal("verified_success", plain.GetProperty("outcome").GetString());
        Assert.Equal("unverified_claim", typed.GetProperty("outcome").GetString());
        var advice = typed.GetProperty("recommendations")[0].GetString()!;
        Assert.Contains("`mypy`", advice, StringComparison.Ordinal);
        Assert.DoesNotContain("`pytest`", advice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ControlHubNegotiate_WithoutKey_Is401WithKeyOrToken_Is200()
    {
        using var anonymous = Host.CreateClient(apiKey: null);

        var none = await anonymous.PostAsync("hubs/control/negotiate?negotiateVersion=1", null);
        var header = await Client.PostAsync("hubs/control/negotiate?negotiateVersion=1", null);
        var token = await anonymous.PostAsync($"hubs/control/negotiate?negotiateVersion=1&access_token={AppHost.ApiKey}", null);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }

    private async Task<JsonElement> SingleRunAsync()
    {
        var list = await Client.GetFromJsonAsync<JsonElement>("api/v1/runs");
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        return await Client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{item.GetProperty("id").GetString()}");
    }

    private async Task SavePolicyAsync(string project, Policy policy)
    {
        var result = await Host.Get<PolicyStore>().SaveAsync(project, policy, "test", CancellationToken.None);
        Assert.Empty(result.Errors);
    }

    private async Task CreateRunAsync(string id, string? project) =>
        (await Client.PostAsJsonAsync("api/v1/runs", new { id, project })).EnsureSuccessStatusCode();

    private async Task<JsonElement> AppendAsync(string runId, params object[] steps)
    {
        var response = await Client.PostAsJsonAsync($"api/v1/runs/{runId}/steps", new { steps });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verdict");
    }
}

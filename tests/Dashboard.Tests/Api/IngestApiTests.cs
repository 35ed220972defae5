using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Martin360.Ingest.Security;
using Martin360.Tests.Shared.Hosting;

namespace Martin360.Dashboard.Tests.Api;

public sealed class IngestApiTests() : AppHostTest(("Martin360:Ingest:MaxBodyBytes", "20000"), ("Martin360:Ingest:MaxStepTextChars", "1000"))
{
    [Fact]
    public async Task CreateAppendFinish_HappyPath_StoresTheRunAndAnswersContinue()
    {
        var created = await PostAsync("api/v1/runs", """{"id": "happy-1", "agent": {"name": "claude-code", "version": "2.0"}, "project": "billing", "task": {"title": "Fix totals"}}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var appended = await PostAsync("api/v1/runs/happy-1/steps", """
            {"steps": [
              {"id": "a", "sequence": 1, "kind": "file_edit", "files": [{"path": "billing/invoice.py", "action": "edit"}], "model": "claude-sonnet-4-5", "tokens": {"input": 1000, "output": 200}, "costUsd": 0.006},
              {"id": "b", "sequence": 2, "kind": "verifier_run", "command": "pytest -q", "exitCode": 0, "verifier": {"framework": "pytest", "passed": 12, "failed": 0}},
              {"id": "c", "sequence": 3, "kind": "completion_claim", "output": "Done."}
            ]}
            """);
        Assert.Equal(HttpStatusCode.OK, appended.StatusCode);
        var append = await ReadJsonAsync(appended);
        Assert.Equal(3, append.GetProperty("accepted").GetInt32());
        Assert.Equal(0, append.GetProperty("duplicates").GetInt32());
        Assert.Equal("continue", append.GetProperty("verdict").GetProperty("action").GetString());

        var finished = await PostAsync("api/v1/runs/happy-1/finish", """{"status": "completed", "exitReason": "done"}""");
        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);

        var run = await ReadJsonAsync(await Client.GetAsync("api/v1/runs/happy-1"));
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(3, run.GetProperty("stepCount").GetInt32());
        Assert.Equal(1200, run.GetProperty("tokens").GetProperty("input").GetInt64() + run.GetProperty("tokens").GetProperty("output").GetInt64());
        Assert.Equal(0.006m, run.GetProperty("costUsd").GetDecimal());
        Assert.Equal("verified_success", run.GetProperty("outcome").GetString());
        Assert.Equal(["a", "b", "c"], run.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task AppendSteps_OutputWithAnApiKey_IsStoredRedactedAndStillFlaggedAsASecurityFinding()
    {
        const string key = "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd";
        await CreateRunAsync("secret-1");
        await PostAsync("api/v1/runs/secret-1/steps", $$"""{"steps": [{"id": "s1", "sequence": 1, "kind": "shell_command", "command": "env", "output": "OPENAI_API_KEY={{key}}"}]}""");

        await PostAsync("api/v1/runs/secret-1/finish", """{"status": "completed"}""");
        var run = await ReadJsonAsync(await Client.GetAsync("api/v1/runs/secret-1"));

        Assert.DoesNotContain(key, run.GetRawText(), StringComparison.Ordinal);
        Assert.True(run.GetProperty("redactions").GetInt32() > 0);
        Assert.Contains(run.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == "security");
    }

    [Fact]
    public async Task AppendSteps_ResentBatch_CountsDuplicatesAndStoresOnce()
    {
        await CreateRunAsync("resend-1");
        const string batch = """{"steps": [{"id": "s1", "sequence": 1, "kind": "shell_command", "command": "ls"}, {"id": "s2", "sequence": 2, "kind": "thought", "output": "hm"}]}""";

        var first = await ReadJsonAsync(await PostAsync("api/v1/runs/resend-1/steps", batch));
        var second = await ReadJsonAsync(await PostAsync("api/v1/runs/resend-1/steps", batch));

        Assert.Equal(2, first.GetProperty("accepted").GetInt32());
        Assert.Equal(0, second.GetProperty("accepted").GetInt32());
        Assert.Equal(2, second.GetProperty("duplicates").GetInt32());
        var run = await ReadJsonAsync(await Client.GetAsync("api/v1/runs/resend-1"));
        Assert.Equal(2, run.GetProperty("steps").GetArrayLength());
    }

    [Fact]
    public async Task AppendSteps_OutOfOrderSequences_AreReturnedInSequenceOrder()
    {
        await CreateRunAsync("order-1");
        await PostAsync("api/v1/runs/order-1/steps", """{"steps": [{"id": "third", "sequence": 30, "kind": "thought"}]}""");
        await PostAsync("api/v1/runs/order-1/steps", """{"steps": [{"id": "first", "sequence": 10, "kind": "thought"}, {"id": "second", "sequence": 20, "kind": "thought"}]}""");

        var run = await ReadJsonAsync(await Client.GetAsync("api/v1/runs/order-1"));

        Assert.Equal(["first", "second", "third"], run.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task AppendSteps_WrongTypeInJson_NamesTheFieldAndLine()
    {
        await CreateRunAsync("badjson-1");

        var response = await PostAsync("api/v1/runs/badjson-1/steps", "{\"steps\": [\n  {\"id\": \"s1\",\n   \"sequence\": \"seven\", \"kind\": \"thought\"}\n]}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        var errors = problem.GetProperty("errors");
        var field = Assert.Single(errors.EnumerateObject());
        Assert.Equal("$.steps[0].sequence", field.Name);
        Assert.Contains("line 3", field.Value[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendSteps_InvalidStepInBatch_NamesTheFieldAndStoresNothing()
    {
        await CreateRunAsync("invalid-1");

        var response = await PostAsync("api/v1/runs/invalid-1/steps", """{"steps": [{"id": "ok", "sequence": 1, "kind": "thought"}, {"id": "bad", "sequence": 2, "kind": "teleport"}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ReadJsonAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty("$.steps[1].kind", out var message));
        Assert.Contains("teleport", message[0].GetString(), StringComparison.Ordinal);
        var run = await ReadJsonAsync(await Client.GetAsync("api/v1/runs/invalid-1"));
        Assert.Equal(0, run.GetProperty("stepCount").GetInt32());
    }

    [Fact]
    public async Task AppendSteps_BodyOverTheLimit_Answers413()
    {
        await CreateRunAsync("big-1");
        var huge = "{\"steps\": [{\"id\": \"s1\", \"sequence\": 1, \"kind\": \"thought\", \"output\": \"" + new string('x', 30_000) + "\"}]}";

        var response = await PostAsync("api/v1/runs/big-1/steps", huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await ReadJsonAsync(response);
        Assert.Contains("20,000 bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendSteps_TextOverTheStepLimit_IsStoredCutAndFlagged()
    {
        await CreateRunAsync("long-1");
        var output = "HEAD" + new string('x', 5000) + "TAIL";

        await PostAsync("api/v1/runs/long-1/steps", JsonSerializer.Serialize(new { steps = new[] { new { id = "s1", sequence = 1, kind = "shell_command", output } } }));

        var step = (await ReadJsonAsync(await Client.GetAsync("api/v1/runs/long-1"))).GetProperty("steps")[0];
        var stored = step.GetProperty("output").GetString()!;
        Assert.True(step.GetProperty("truncated").GetBoolean());
        Assert.True(stored.Length < 1100, $"stored {stored.Length} characters");
        Assert.StartsWith("HEAD", stored, StringComparison.Ordinal);
        Assert.EndsWith("TAIL", stored, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Requests_WithoutAValidKey_Answer401(string? key)
    {
        using var client = Host.CreateClient(apiKey: key);

        var create = await client.PostAsync("api/v1/runs", new StringContent("{}", Encoding.UTF8, "application/json"));
        var list = await client.GetAsync("api/v1/runs");

        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
    }

    [Fact]
    public async Task Requests_WithAKeyFromTheDatabase_AreAcceptedUntilRevoked()
    {
        var keys = Host.Get<ApiKeyStore>();
        var (record, plain) = await keys.CreateAsync("ci", CancellationToken.None);
        using var client = Host.CreateClient(apiKey: plain);

        var before = await client.GetAsync("api/v1/runs");
        await keys.RevokeAsync(record.Id, CancellationToken.None);
        var after = await client.GetAsync("api/v1/runs");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.NotNull((await keys.ListAsync(CancellationToken.None)).Single(k => k.Id == record.Id).LastUsedAtMs);
    }

    [Fact]
    public async Task AppendSteps_UnknownRun_Answers404Problem()
    {
        var response = await PostAsync("api/v1/runs/nope/steps", """{"steps": []}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nope", (await ReadJsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendSteps_OverSoftThenHardBudget_WarnsThenStops()
    {
        await PostAsync("api/v1/runs", """{"id": "budget-1", "budget": {"softSteps": 2, "hardSteps": 4, "hardUsd": 10}}""");

        var first = await AppendThoughtsAsync("budget-1", 1, 1);
        var second = await AppendThoughtsAsync("budget-1", 2, 2);
        var third = await AppendThoughtsAsync("budget-1", 4, 2);

        Assert.Equal("continue", first.GetProperty("action").GetString());
        Assert.Equal("warn", second.GetProperty("action").GetString());
        Assert.Contains("soft budget reached: 3 of 2 steps", second.GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("stop", third.GetProperty("action").GetString());
        Assert.Contains("hard budget reached: 5 of 4 steps", third.GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopRun_ThenAppend_VerdictIsStop()
    {
        await CreateRunAsync("stop-1");
        var before = await AppendThoughtsAsync("stop-1", 1, 1);

        var stopped = await PostAsync("api/v1/runs/stop-1/stop", "");
        var after = await AppendThoughtsAsync("stop-1", 2, 1);

        Assert.Equal("continue", before.GetProperty("action").GetString());
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        Assert.Equal("stop", after.GetProperty("action").GetString());
    }

    [Fact]
    public async Task ListRuns_FilterByAgentAndText_ReturnsOnlyMatchingRunsWithTotal()
    {
        await PostAsync("api/v1/runs", """{"id": "list-a", "agent": {"name": "codex"}, "task": {"title": "Paginate orders"}}""");
        await PostAsync("api/v1/runs", """{"id": "list-b", "agent": {"name": "codex"}, "task": {"title": "Fix login"}}""");
        await PostAsync("api/v1/runs", """{"id": "list-c", "agent": {"name": "aider"}, "task": {"title": "Paginate users"}}""");

        var page = await ReadJsonAsync(await Client.GetAsync("api/v1/runs?agent=codex&text=paginate"));

        Assert.Equal(1, page.GetProperty("total").GetInt32());
        Assert.Equal("list-a", page.GetProperty("items")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task ListRuns_FilterByModelDayAndFinished_ReturnsTheRunsBehindAnOverviewNumber()
    {
        await PostAsync("api/v1/runs", """{"id": "day-a", "startedAt": "2026-11-02T10:00:00Z", "agent": {"name": "codex"}}""");
        await PostAsync("api/v1/runs", """{"id": "day-b", "startedAt": "2026-11-03T23:59:00Z", "agent": {"name": "codex"}}""");
        await PostAsync("api/v1/runs", """{"id": "day-c", "startedAt": "2026-11-04T00:00:00Z", "agent": {"name": "codex"}}""");
        foreach (var (id, model) in new[] { ("day-a", "gpt-5"), ("day-b", "gpt-5"), ("day-c", "gpt-5") })
        {
            await PostAsync($"api/v1/runs/{id}/steps", $$"""{"steps": [{"id": "s1", "sequence": 1, "kind": "model_call", "model": "{{model}}"}]}""");
        }

        await PostAsync("api/v1/runs/day-b/finish", """{"status": "completed"}""");

        var inDays = await ReadJsonAsync(await Client.GetAsync("api/v1/runs?model=gpt-5&from=2026-11-02&to=2026-11-03"));
        var finished = await ReadJsonAsync(await Client.GetAsync("api/v1/runs?model=gpt-5&from=2026-11-02&to=2026-11-04&finished=true"));

        Assert.Equal(["day-a", "day-b"], inDays.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetString()).Order());
        Assert.Equal("day-b", Assert.Single(finished.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task ListRuns_FilterByClaimed_SeparatesRunsWhoseAgentSaidDone()
    {
        foreach (var id in new[] { "said-done", "said-nothing" })
        {
            await PostAsync("api/v1/runs", $$"""{"id": "{{id}}"}""");
            // The thought's text imitates the stored JSON; agent text cannot make a run count as claimed.
            var claim = id == "said-done" ? """, {"id": "c", "sequence": 2, "kind": "completion_claim", "output": "All done."}""" : "";
            await PostAsync($"api/v1/runs/{id}/steps", $$"""{"steps": [{"id": "s1", "sequence": 1, "kind": "thought", "output": "\"claimedDone\":true"}{{claim}}]}""");
            await PostAsync($"api/v1/runs/{id}/finish", """{"status": "completed"}""");
        }

        var claimed = await ReadJsonAsync(await Client.GetAsync("api/v1/runs?claimed=true&finished=true"));
        var unclaimed = await ReadJsonAsync(await Client.GetAsync("api/v1/runs?claimed=false"));

        Assert.Equal("said-done", Assert.Single(claimed.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal("said-nothing", Assert.Single(unclaimed.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("from=2026-13-01", "query.from")]
    [InlineData("to=yesterday", "query.to")]
    [InlineData("finding=bad_vibes", "query.finding")]
    [InlineData("finished=maybe", "query.finished")]
    [InlineData("claimed=yes", "query.claimed")]
    public async Task ListRuns_FilterThatCannotBeRead_Answers400NamingTheParameter(string filter, string field)
    {
        var response = await Client.GetAsync("api/v1/runs?" + filter);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ReadJsonAsync(response);
        Assert.Equal(field, Assert.Single(problem.GetProperty("errors").EnumerateObject()).Name);
    }

    [Fact]
    public async Task Restart_SameDataDirectory_KeepsEveryAcknowledgedStep()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "m360-restart-" + Guid.NewGuid().ToString("n"));
        try
        {
            var first = await AppHost.StartAsync(dataDirectory);
            using (var client = first.CreateClient())
            {
                await client.PostAsync("api/v1/runs", Json("""{"id": "durable-1", "agent": {"name": "codex"}}"""));
                for (var i = 0; i < 20; i++)
                {
                    var response = await client.PostAsync("api/v1/runs/durable-1/steps", Json($$"""{"steps": [{"id": "s{{i}}", "sequence": {{i}}, "kind": "thought", "output": "step {{i}}"}]}"""));
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
            }

            await first.StopAsync();
            await using var second = await AppHost.StartAsync(dataDirectory);
            using var again = second.CreateClient();

            var run = await ReadJsonAsync(await again.GetAsync("api/v1/runs/durable-1"));

            Assert.Equal(20, run.GetProperty("stepCount").GetInt32());
            Assert.Equal("step 19", run.GetProperty("steps")[19].GetProperty("output").GetString());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Healthz_StoreReady_AnswersHealthy()
    {
        using var anonymous = Host.CreateClient(apiKey: null);

        var response = await anonymous.GetAsync("healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> AppendThoughtsAsync(string runId, int from, int count)
    {
        var steps = Enumerable.Range(from, count).Select(i => new { id = $"t{i}", sequence = i, kind = "thought" });
        var response = await PostAsync($"api/v1/runs/{runId}/steps", JsonSerializer.Serialize(new { steps }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("verdict");
    }

    private async Task CreateRunAsync(string id)
    {
        var response = await PostAsync("api/v1/runs", $$"""{"id": "{{id}}"}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json) => Client.PostAsync(path, Json(json));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Martin360.Ingest.Storage;
using Martin360.Tests.Shared.Hosting;

namespace Martin360.Dashboard.Tests.Api;

/// <summary>The run exports and the store queries behind the run detail page, over the real app.</summary>
public sealed class RunExportApiTests() : AppHostTest
{
    private const string RunId = "export-1";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await PostAsync("api/v1/runs", """{"id": "export-1", "agent": {"name": "codex"}, "task": {"title": "Fix totals <script>x</script>"}}""");
        await PostAsync("api/v1/runs/export-1/steps", """
            {"steps": [
              {"id": "a", "sequence": 1, "kind": "file_edit", "files": [{"path": "billing/invoice.py", "action": "edit"}], "model": "gpt-5", "tokens": {"input": 1000, "output": 100}, "costUsd": 0.01},
              {"id": "b", "sequence": 2, "kind": "verifier_run", "command": "pytest -q", "exitCode": 1, "output": "1 failed, 11 passed", "verifier": {"framework": "pytest", "passed": 11, "failed": 1, "success": false}},
              {"id": "c", "sequence": 3, "kind": "completion_claim", "output": "Done! <img src=x onerror=alert(1)>"}
            ]}
            """);
        await PostAsync("api/v1/runs/export-1/finish", """{"status": "completed"}""");
    }

    [Fact]
    public async Task ExportMarkdown_WithoutAnApiKey_DownloadsTheReportWithOutcomeAndFindings()
    {
        using var anonymous = Host.CreateClient(apiKey: null);
        var run = await Client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{RunId}");

        var response = await anonymous.GetAsync($"runs/{RunId}/export.md");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("martin360-run-export-1.md", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var markdown = await response.Content.ReadAsStringAsync();
        var outcome = run.GetProperty("outcome").GetString()!;
        Assert.Equal("failed_verification", outcome);
        Assert.Contains("**failed verification**", markdown, StringComparison.Ordinal);
        var finding = run.GetProperty("findings")[0];
        var steps = string.Join(", ", finding.GetProperty("steps").EnumerateArray().Select(s => s.GetInt64()));
        Assert.Contains("- **Evidence:** steps " + steps, markdown, StringComparison.Ordinal);
        Assert.Contains($"/runs/{RunId}#step-", markdown, StringComparison.Ordinal);
        Assert.Contains("# Run report: Fix totals \\<script\\>x\\</script\\>", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportJson_ImportedIntoAnotherInstance_GivesTheSameRunStepsAndOutcome()
    {
        using var anonymous = Host.CreateClient(apiKey: null);
        var response = await anonymous.GetAsync($"runs/{RunId}/export.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.Content.ReadAsStringAsync();
        var document = JsonDocument.Parse(json).RootElement;
        Assert.Equal("martin360/v1", document.GetProperty("format").GetString());
        Assert.Equal(RunId, document.GetProperty("run").GetProperty("id").GetString());
        Assert.Equal(["a", "b", "c"], document.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal("failed_verification", document.GetProperty("analysis").GetProperty("outcome").GetString());
        Assert.True(document.GetProperty("analysis").GetProperty("findings").GetArrayLength() > 0);
        Assert.Equal(0.01m, document.GetProperty("steps")[0].GetProperty("costUsd").GetDecimal());

        await using var other = await AppHost.StartAsync();
        using var otherClient = other.CreateClient();
        var imported = await otherClient.PostAsync("api/v1/import?name=export.json", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var again = await otherClient.GetFromJsonAsync<JsonElement>($"api/v1/runs/{RunId}");
        Assert.Equal(3, again.GetProperty("stepCount").GetInt32());
        Assert.Equal("failed_verification", again.GetProperty("outcome").GetString());
        Assert.Equal("Done! <img src=x onerror=alert(1)>", again.GetProperty("steps")[2].GetProperty("output").GetString());
    }

    [Fact]
    public async Task CostCsv_WithoutAnApiKey_HasEveryStepsTokensCostTotalsAndTheBudget()
    {
        await PostAsync("api/v1/runs", """{"id": "cost-1", "budget": {"softUsd": 0.01, "hardUsd": 0.05, "hardTokens": 10000}}""");
        await PostAsync("api/v1/runs/cost-1/steps", """
            {"steps": [
              {"id": "s1", "sequence": 1, "kind": "model_call", "model": "claude-sonnet-4", "tokens": {"input": 1200, "output": 300, "cacheRead": 5000, "cacheWrite": 100}, "costUsd": 0.012},
              {"id": "s2", "sequence": 2, "kind": "shell_command", "command": "ls src", "exitCode": 0},
              {"id": "s3", "sequence": 3, "kind": "model_call", "model": "=acme, v2", "tokens": {"input": 800, "output": 50}}
            ]}
            """);
        using var anonymous = Host.CreateClient(apiKey: null);

        var response = await anonymous.GetAsync("runs/cost-1/cost.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("martin360-run-cost-1.cost.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        // Expected rows from the steps posted above: tokens = input + output + cache read + cache write; the unpriced
        // step's cost is empty (unknown), not 0; the model name is quoted (comma) and defused (leading '=').
        Assert.Equal(
            [
                "sequence,step_id,kind,model,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,tokens,cumulative_tokens,"
                + "cost_usd,cumulative_cost_usd,soft_budget_usd,hard_budget_usd,soft_budget_tokens,hard_budget_tokens",
                "1,s1,model_call,claude-sonnet-4,1200,300,5000,100,6600,6600,0.012,0.012,0.01,0.05,,10000",
                "2,s2,shell_command,,0,0,0,0,0,6600,,0.012,0.01,0.05,,10000",
                "3,s3,model_call,\"'=acme, v2\",800,50,0,0,850,7450,,0.012,0.01,0.05,,10000",
            ],
            (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n'));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("runs/nope/cost.csv")).StatusCode);
    }

    [Fact]
    public async Task Export_UnknownRun_Answers404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("runs/nope/export.md")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("runs/nope/export.json")).StatusCode);
    }

    [Fact]
    public async Task StoreQueries_SearchPositionOutlinesAndChildRuns_AnswerFromTheStoredSteps()
    {
        await PostAsync("api/v1/runs", """{"id": "export-1-sub", "agent": {"name": "reviewer"}, "parentRunId": "export-1"}""");
        var store = Host.Get<TraceStore>();

        var matches = await store.GetStepsMatchingAsync(RunId, "PYTEST", 0, 10, CancellationToken.None);
        var count = await store.CountStepsMatchingAsync(RunId, "invoice.py", CancellationToken.None);
        var wildcard = await store.CountStepsMatchingAsync(RunId, "%", CancellationToken.None);
        var position = await store.CountStepsBeforeAsync(RunId, 3, null, CancellationToken.None);
        var filteredPosition = await store.CountStepsBeforeAsync(RunId, 3, "done", CancellationToken.None);
        var outlines = await store.GetStepOutlinesAsync(RunId, CancellationToken.None);
        var children = await store.GetChildRunsAsync(RunId, CancellationToken.None);

        Assert.Equal(["b"], matches.Select(s => s.StepId));
        Assert.Equal(1, count);
        Assert.Equal(0, wildcard);
        Assert.Equal(2, position);
        Assert.Equal(0, filteredPosition);
        Assert.Equal(["a", "b", "c"], outlines.Select(s => s.StepId));
        Assert.All(outlines, s => Assert.Null(s.Output));
        Assert.Equal("pytest -q", outlines[1].Command);
        Assert.NotNull(outlines[1].VerifierJson);
        Assert.Equal("export-1-sub", Assert.Single(children).Id);
    }

    private async Task PostAsync(string path, string json)
    {
        var response = await Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }
}

using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Martin360.Tests.Shared.Hosting;

namespace Martin360.Dashboard.Tests.Api;

/// <summary>Run totals after several appends: moved by each batch, they must equal what the steps add up to.</summary>
public sealed class AppendTotalsTests : AppHostTest
{
    [Fact]
    public async Task Append_ThreePricedBatches_TotalsAndModelsAddUp()
    {
        await CreateAsync("tot-1");
        await AppendAsync("tot-1", """{"id": "a", "sequence": 1, "kind": "assistant_message", "model": "m-b", "tokens": {"input": 100, "output": 10}, "costUsd": 0.25}""");
        await AppendAsync("tot-1", """{"id": "b", "sequence": 2, "kind": "assistant_message", "model": "m-a", "tokens": {"input": 200, "output": 20, "cacheRead": 5}, "costUsd": 0.5}""",
            """{"id": "c", "sequence": 3, "kind": "shell_command", "command": "ls"}""");
        await AppendAsync("tot-1", """{"id": "b", "sequence": 2, "kind": "assistant_message", "model": "m-a", "tokens": {"input": 200, "output": 20}, "costUsd": 0.5}""");

        var run = await RunAsync("tot-1");

        Assert.Equal(3, run.GetProperty("stepCount").GetInt32());
        Assert.Equal(300, run.GetProperty("tokens").GetProperty("input").GetInt64());
        Assert.Equal(30, run.GetProperty("tokens").GetProperty("output").GetInt64());
        Assert.Equal(5, run.GetProperty("tokens").GetProperty("cacheRead").GetInt64());
        Assert.Equal(0.75m, run.GetProperty("costUsd").GetDecimal());
        Assert.Equal("reported", run.GetProperty("costProvenance").GetString());
        Assert.Equal(["m-a", "m-b"], run.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task Append_StepWithTokensButNoCostFirst_CostStaysUnknownAfterPricedBatches()
    {
        await CreateAsync("tot-2");
        await AppendAsync("tot-2", """{"id": "a", "sequence": 1, "kind": "assistant_message", "model": "no-such-model", "tokens": {"input": 100, "output": 10}}""");
        await AppendAsync("tot-2", """{"id": "b", "sequence": 2, "kind": "assistant_message", "tokens": {"input": 100, "output": 10}, "costUsd": 0.5}""");

        var run = await RunAsync("tot-2");

        Assert.Equal(2, run.GetProperty("stepCount").GetInt32());
        Assert.Equal("unknown", run.GetProperty("costProvenance").GetString());
    }

    [Fact]
    public async Task Append_StepsWithoutTokensThenPricedBatch_CostBecomesKnown()
    {
        await CreateAsync("tot-3");
        await AppendAsync("tot-3", """{"id": "a", "sequence": 1, "kind": "shell_command", "command": "ls"}""");
        await AppendAsync("tot-3", """{"id": "b", "sequence": 2, "kind": "assistant_message", "tokens": {"input": 100, "output": 10}, "costUsd": 0.5}""");

        var run = await RunAsync("tot-3");

        Assert.Equal(2, run.GetProperty("stepCount").GetInt32());
        Assert.Equal(0.5m, run.GetProperty("costUsd").GetDecimal());
        Assert.Equal("reported", run.GetProperty("costProvenance").GetString());
    }

    private async Task CreateAsync(string id)
    {
        using var response = await Client.PostAsync("api/v1/runs", Json($$"""{"id": "{{id}}"}"""), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private async Task AppendAsync(string id, params string[] steps)
    {
        using var response = await Client.PostAsync($"api/v1/runs/{id}/steps", Json($"{{\"steps\": [{string.Join(",", steps)}]}}"), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private async Task<JsonElement> RunAsync(string id) =>
        await Client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{id}", TestContext.Current.CancellationToken);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

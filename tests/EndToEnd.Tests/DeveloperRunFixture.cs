using System.Text.Json;
using Martin360.Tests.Shared.Hosting;

namespace Martin360.EndToEnd.Tests;

/// <summary>
/// One app with one finished multi-agent run for all the developer tests (they only read it): 108 steps with a loop of
/// failing test runs far below the first screen, a claim of done, costs over budget, timings and a sub-agent run.
/// </summary>
public sealed class DeveloperRunFixture : IAsyncLifetime
{
    public const string RunId = "dev-run-1";
    public const int FillerModelCalls = 100;

    // 1 user message + 100 model calls + read + edit + 4 identical failing test runs + the claim.
    public const int TotalSteps = 1 + FillerModelCalls + 2 + 4 + 1;

    public AppHost Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Host = await AppHost.StartAsync();
        Client = Host.CreateClient();
        await SeedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }

    private async Task SeedAsync()
    {
        var start = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
        await PostAsync("api/v1/runs", new
        {
            id = RunId,
            agent = new { name = "claude-code" },
            task = new { title = "Fix invoice rounding <img src=x onerror=alert(1)>", objective = "Fix the rounding of invoice totals in billing/invoice.py" },
            budget = new { softUsd = 0.1, hardUsd = 0.15 },
        });
        var steps = new List<object>
        {
            new { id = "u1", sequence = 1, kind = "user_message", input = "Fix the rounding of invoice totals in billing/invoice.py", timestamp = start },
        };
        for (var i = 0; i < FillerModelCalls; i++)
        {
            steps.Add(new
            {
                id = $"m{i}", sequence = 2 + i, kind = "model_call", agent = "planner", model = "claude-sonnet-4-5",
                tokens = new { input = 1000, output = 100 }, costUsd = 0.002, timestamp = start.AddSeconds(1 + (i * 3)), durationMs = 2500,
            });
        }

        var at = start.AddSeconds(400);
        steps.Add(new { id = "r1", sequence = 102, kind = "file_read", agent = "coder", files = new[] { new { path = "billing/invoice.py", action = "read" } }, timestamp = at, durationMs = 40 });
        steps.Add(new { id = "e1", sequence = 103, kind = "file_edit", agent = "coder", files = new[] { new { path = "billing/invoice.py", action = "edit" } }, timestamp = at.AddSeconds(2), durationMs = 60 });
        for (var i = 0; i < 4; i++)
        {
            steps.Add(new
            {
                id = $"t{i}", sequence = 104 + i, kind = "verifier_run", agent = "coder", command = "pytest -q tests/test_invoice.py", exitCode = 1,
                output = "FAILED tests/test_invoice.py::test_round - assert 10.01 == 10.0\n1 failed, 11 passed",
                verifier = new { framework = "pytest", passed = 11, failed = 1, success = false },
                timestamp = at.AddSeconds(10 + (i * 20)), durationMs = 15000,
            });
        }

        steps.Add(new { id = "c1", sequence = 108, kind = "completion_claim", agent = "coder", output = "Done, all fixed.", timestamp = at.AddSeconds(100) });
        await PostAsync($"api/v1/runs/{RunId}/steps", new { steps });
        await PostAsync($"api/v1/runs/{RunId}/finish", new { status = "completed" });

        await PostAsync("api/v1/runs", new { id = RunId + "-tests", agent = new { name = "test-writer" }, parentRunId = RunId, agentRole = "tests", task = new { title = "Write rounding tests" } });
        await PostAsync($"api/v1/runs/{RunId}-tests/steps", new
        {
            steps = new object[]
            {
                new { id = "a", sequence = 1, kind = "file_create", files = new[] { new { path = "tests/test_round.py", action = "create" } } },
                new { id = "b", sequence = 2, kind = "verifier_run", command = "pytest -q tests/test_round.py", exitCode = 0, verifier = new { framework = "pytest", passed = 3, failed = 0 } },
            },
        });
    }

    private async Task PostAsync(string path, object body)
    {
        var response = await Client.PostAsync(path, Api.Json(JsonSerializer.Serialize(body)));
        response.EnsureSuccessStatusCode();
    }
}

using System.Net.Http.Headers;
using System.Text.Json;
using Martin360.Ingest;
using Martin360.Ingest.Native;

namespace Martin360.Bench;

/// <summary>The native ingest API as an agent harness calls it: create a run, append steps, finish it.</summary>
public sealed class BenchApi(HttpClient http)
{
    public Task CreateRunAsync(string runId, string title, string agent = "claude-code", string project = "payments-api") =>
        PostAsync("api/v1/runs", new RunDto
        {
            Id = runId,
            Agent = new AgentDto { Name = agent, Version = "2.0.31" },
            Project = project,
            Task = new TaskDto { Title = title, Objective = title + ". Keep the public API unchanged and make the tests pass." },
        });

    public Task AppendAsync(string runId, IReadOnlyList<StepDto> steps) =>
        PostAsync($"api/v1/runs/{Uri.EscapeDataString(runId)}/steps", new AppendStepsRequest { Steps = [.. steps] });

    public Task FinishAsync(string runId) =>
        PostAsync($"api/v1/runs/{Uri.EscapeDataString(runId)}/finish", new FinishRunRequest { Status = "completed" });

    private async Task PostAsync<T>(string path, T body)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, IngestJson.Options));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(path, content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Steps <paramref name="first"/>..<paramref name="first"/>+count-1 of a coding run, with a test run every 15 steps.</summary>
    public static List<StepDto> Steps(Random random, long first, int count, DateTimeOffset start)
    {
        var steps = new List<StepDto>(count);
        for (var sequence = first; sequence < first + count; sequence++)
        {
            var step = SyntheticSteps.Step(random, sequence, start.AddSeconds(sequence * 3), SyntheticSteps.Text(random, random.Next(200, 2001)));
            if (sequence % 15 == 0)
            {
                SyntheticSteps.MakeVerifierRun(step, passed: random.Next(3) == 0, tests: 120);
            }

            steps.Add(step);
        }

        return steps;
    }
}

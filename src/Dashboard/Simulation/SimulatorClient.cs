using System.Net.Http.Json;
using Martin360.Analysis.Model;
using Martin360.Ingest;
using Martin360.Ingest.Http;
using Martin360.Ingest.Native;

namespace Martin360.Dashboard.Simulation;

/// <summary>Plays simulated runs into a running server over its public HTTP API, step by step, like a real agent harness.</summary>
public sealed class SimulatorClient(HttpClient http, TextWriter log)
{
    /// <summary>Plays one run; stops early when the server's verdict says stop. Returns the last verdict.</summary>
    public async Task<string> PlayAsync(SimulatedRun simulated, TimeSpan stepDelay, int batchSize, CancellationToken cancellationToken)
    {
        var run = simulated.Run;
        var create = new RunDto
        {
            Id = run.Id,
            Agent = new AgentDto { Name = run.AgentName, Version = run.AgentVersion },
            Project = run.Project,
            Repository = run.Repository,
            Branch = run.Branch,
            Task = new TaskDto { Title = run.TaskTitle, Objective = run.TaskObjective },
            StartedAt = run.StartedAt,
            Budget = run.Budget.IsEmpty ? null : new BudgetDto
            {
                SoftUsd = run.Budget.SoftUsd,
                HardUsd = run.Budget.HardUsd,
                SoftSteps = run.Budget.SoftSteps,
                HardSteps = run.Budget.HardSteps,
            },
        };
        var created = await http.PostAsJsonAsync("api/v1/runs", create, IngestJson.Options, cancellationToken);
        await EnsureSuccessAsync(created, cancellationToken);
        log.WriteLine($"run {run.Id} ({simulated.Scenario}, {run.AgentName}) started: {simulated.Steps.Count} steps");

        var verdict = "continue";
        foreach (var batch in simulated.Steps.Chunk(Math.Max(1, batchSize)))
        {
            var body = new AppendStepsRequest { Steps = batch.Select(ViewMapper.ToDto).ToList() };
            var response = await http.PostAsJsonAsync($"api/v1/runs/{Uri.EscapeDataString(run.Id)}/steps", body, IngestJson.Options, cancellationToken);
            await EnsureSuccessAsync(response, cancellationToken);
            var appended = await response.Content.ReadFromJsonAsync<AppendResponse>(IngestJson.Options, cancellationToken);
            verdict = appended?.Verdict.Action ?? "continue";
            if (verdict != "continue")
            {
                log.WriteLine($"  step {batch[^1].Sequence}: verdict {verdict}: {string.Join("; ", appended?.Verdict.Reasons ?? [])}");
            }

            if (verdict == "stop")
            {
                break;
            }

            await Task.Delay(stepDelay, cancellationToken);
        }

        var finalStatus = verdict == "stop" ? RunStatus.Aborted : simulated.FinalStatus;
        var finish = new FinishRunRequest
        {
            Status = finalStatus.ToWire(),
            ExitReason = verdict == "stop" ? "stopped by verdict" : simulated.ExitReason,
        };
        var finished = await http.PostAsJsonAsync($"api/v1/runs/{Uri.EscapeDataString(run.Id)}/finish", finish, IngestJson.Options, cancellationToken);
        await EnsureSuccessAsync(finished, cancellationToken);
        var view = await finished.Content.ReadFromJsonAsync<RunView>(IngestJson.Options, cancellationToken);
        log.WriteLine($"run {run.Id} finished: {finalStatus.ToWire()}, outcome {view?.Outcome}");
        return verdict;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase} from {response.RequestMessage?.RequestUri}: {body}");
        }
    }
}

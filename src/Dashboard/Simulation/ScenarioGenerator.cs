using Martin360.Analysis.Model;

namespace Martin360.Dashboard.Simulation;

/// <summary>
/// Makes realistic agent runs for the demo set and the `simulate` command: several agents and models,
/// successes, loops, failing tests, unverified "done" claims and budget overruns. Deterministic for a seed.
/// </summary>
public sealed class ScenarioGenerator(int seed)
{
    private static readonly (string Agent, string Version, string Model, decimal InPerM, decimal OutPerM)[] s_agents =
    [
        ("claude-code", "2.0.28", "claude-sonnet-4-5", 3m, 15m),
        ("codex", "0.77.0", "gpt-5-codex", 1.25m, 10m),
        ("swe-agent", "1.1.0", "gpt-4o", 2.5m, 10m),
        ("aider", "0.86.1", "claude-3-5-haiku", 0.8m, 4m),
        ("openhands", "0.59.0", "claude-sonnet-4-5", 3m, 15m),
    ];

    private static readonly string[] s_scenarios = ["verified_success", "loop", "unverified_claim", "failed_verification", "budget_overrun", "verified_success", "repeated_strategy"];

    private static readonly (string Project, string Repo, string Title, string File, string Test)[] s_tasks =
    [
        ("billing", "acme/billing", "Fix rounding of invoice totals in EUR", "billing/invoice.py", "tests/test_invoice.py"),
        ("web", "acme/web", "Add pagination to the orders endpoint", "api/orders.py", "tests/test_orders.py"),
        ("billing", "acme/billing", "Handle missing VAT id in customer import", "billing/customers.py", "tests/test_customers.py"),
        ("search", "acme/search", "Stop the indexer crashing on empty documents", "indexer/pipeline.py", "tests/test_pipeline.py"),
        ("web", "acme/web", "Make the login rate limit configurable", "auth/limits.py", "tests/test_limits.py"),
        ("search", "acme/search", "Speed up the synonym lookup", "search/synonyms.py", "tests/test_synonyms.py"),
    ];

    private readonly Random _random = new(seed);

    /// <summary>The i-th run of this generator's sequence, starting at the given time.</summary>
    public SimulatedRun Create(int index, DateTimeOffset startedAt, string runIdPrefix = "sim")
    {
        var agent = s_agents[(index + seed) % s_agents.Length];
        var scenario = s_scenarios[index % s_scenarios.Length];
        var task = s_tasks[(index * 7 + seed) % s_tasks.Length];
        var runId = $"{runIdPrefix}-{seed}-{index:D4}";
        var builder = new StepBuilder(runId, startedAt, agent.Agent, agent.Model, agent.InPerM, agent.OutPerM, _random);

        builder.User($"{task.Title}. The failing test is {task.Test}.");
        builder.Thought($"I'll look at {task.File} and the test first, then make the smallest change.");
        builder.Search($"grep -rn \"def \" {Path.GetDirectoryName(task.File)}", $"{task.File}:12:def compute(items):\n{task.File}:40:def total(items):");
        builder.Read(task.File);
        builder.Read(task.Test);

        var budget = RunBudget.None;
        var status = RunStatus.Completed;
        string? exitReason = "completed";
        switch (scenario)
        {
            case "verified_success":
                builder.Edit(task.File, "round half up before summing");
                builder.Test(task.Test, failed: 1, passed: 11, $"{task.Test}::test_total_rounding");
                builder.Edit(task.File, "use Decimal quantize for the final total");
                builder.Test(task.Test, failed: 0, passed: 12);
                builder.Claim("Done: the totals round correctly and all 12 tests pass.");
                break;
            case "loop":
                builder.Edit(task.File, "first attempt");
                for (var i = 0; i < 6; i++)
                {
                    builder.Shell("python -m pip install -e .", "error: externally-managed-environment\n× This environment is externally managed", exitCode: 1);
                }

                status = RunStatus.Failed;
                exitReason = "gave up after repeated install errors";
                break;
            case "unverified_claim":
                builder.Edit(task.File, "guard against the missing value");
                builder.Claim("I've fixed the issue; it should work now.");
                break;
            case "failed_verification":
                builder.Edit(task.File, "patch the branch for empty input");
                builder.Test(task.Test, failed: 2, passed: 9, $"{task.Test}::test_empty", $"{task.Test}::test_none");
                builder.Claim("The fix is complete.");
                break;
            case "budget_overrun":
                budget = new RunBudget { SoftUsd = 0.20m, HardUsd = 0.40m, SoftSteps = 30, HardSteps = 60 };
                for (var i = 0; i < 8; i++)
                {
                    builder.Read($"{Path.GetDirectoryName(task.File)}/module_{i}.py", heavy: true);
                    builder.Thought("Still looking for where the value is computed.", heavy: true);
                }

                status = RunStatus.Aborted;
                exitReason = "budget exhausted";
                break;
            case "repeated_strategy":
                for (var i = 0; i < 3; i++)
                {
                    builder.Edit(task.File, $"attempt {i + 1}: adjust the comparison");
                    builder.Test(task.Test, failed: 1, passed: 11, $"{task.Test}::test_boundary");
                }

                status = RunStatus.Failed;
                exitReason = "gave up";
                break;
        }

        var run = new Run
        {
            Id = runId,
            SourceFormat = "martin360/v1",
            AgentName = agent.Agent,
            AgentVersion = agent.Version,
            Project = task.Project,
            Repository = task.Repo,
            Branch = $"agent/{scenario.Replace('_', '-')}-{index}",
            TaskTitle = task.Title,
            TaskObjective = $"{task.Title}. Make {task.Test} pass without changing the tests.",
            StartedAt = startedAt,
            Status = RunStatus.Running,
            Budget = budget,
        };

        return new SimulatedRun { Run = run, Steps = builder.Steps, FinalStatus = status, ExitReason = exitReason, Scenario = scenario };
    }
}

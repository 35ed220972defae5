using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Adapters.MartinLoop;
using Martin360.Tests.Shared;

namespace Martin360.Ingest.Tests.Adapters;

public sealed class MartinLoopAdapterTests
{
    private const string Sample = "martinloop/expected-run-record.jsonl";

    // Shaped after MartinLoop's persistence/ledger.ts LedgerEvent and the entries its runtime appends per attempt.
    private const string Ledger = """
        {"kind":"contract.created","runId":"loop_123","timestamp":"2026-04-02T10:00:00.000Z","payload":{"title":"Fix CI","objective":"Make pnpm test pass"}}
        {"kind":"attempt.admitted","runId":"loop_123","attemptIndex":1,"timestamp":"2026-04-02T10:00:01.000Z","payload":{"adapterId":"agent:codex","model":"gpt-5.4-mini"}}
        {"kind":"patch.generated","runId":"loop_123","attemptIndex":1,"timestamp":"2026-04-02T10:00:20.000Z","payload":{"summary":"Applied a targeted CI fix."}}
        {"kind":"verification.completed","runId":"loop_123","attemptIndex":1,"timestamp":"2026-04-02T10:00:40.000Z","payload":{"passed":false,"summary":"pnpm test failed.","steps":[{"command":"pnpm test","launched":true,"exitCode":1}]}}
        {"kind":"budget.settled","runId":"loop_123","attemptIndex":1,"timestamp":"2026-04-02T10:00:41.000Z","payload":{"actualUsd":1.12,"tokensIn":240,"tokensOut":110,"provenance":"estimated"}}
        {"kind":"attempt.discarded","runId":"loop_123","attemptIndex":1,"timestamp":"2026-04-02T10:00:42.000Z","payload":{"reason":"pnpm test failed."}}
        {"kind":"verification.completed","runId":"loop_123","attemptIndex":2,"timestamp":"2026-04-02T10:01:40.000Z","payload":{"passed":true,"summary":"pnpm test passed."}}
        {"kind":"budget.settled","runId":"loop_123","attemptIndex":2,"timestamp":"2026-04-02T10:01:41.000Z","payload":{"actualUsd":0.38,"tokensIn":320,"tokensOut":140}}
        {"kind":"run.exited","runId":"loop_123","timestamp":"2026-04-02T10:01:42.000Z","payload":{"lifecycleState":"completed","reason":"Task verified."}}
        """;

    [Fact]
    public void Read_Sample_IsDetectedAsMartinLoop()
    {
        Assert.Equal("martinloop", TraceFormats.CreateDefault().Detect(TraceFiles.Read(Sample))?.Format);
    }

    [Fact]
    public void Read_Sample_MapsBudgetAttemptsAndExit()
    {
        // jq: one LoopRecord, loopId loop_exampleopn1, status exited, lifecycleState budget_exit, budget {maxUsd 3,
        // softLimitUsd 1.5, maxIterations 2, maxTokens 16000}, cost actualUsd 0, 2 attempts both verification_failure,
        // events run.started, budget.updated (hard_limit), run.completed.
        var result = TraceFormats.CreateDefault().Read(Sample, TraceFiles.Read(Sample));

        Assert.Empty(result.Issues);
        var trace = Assert.Single(result.Traces);
        Assert.Equal("loop_exampleopn1", trace.Run.Id);
        Assert.Equal("martinloop", trace.Run.SourceFormat);
        Assert.Equal("opencode", trace.Run.AgentName);
        Assert.Equal("proj_examples", trace.Run.Project);
        Assert.Equal("Summarize how an OpenCode adapter would be governed in this repo", trace.Run.TaskTitle);
        Assert.Equal(RunStatus.Aborted, trace.Run.Status);
        Assert.Equal("budget_exit", trace.Run.ExitReason);
        Assert.Equal(new RunBudget { HardUsd = 3m, SoftUsd = 1.5m, HardSteps = 2, HardTokens = 16000 }, trace.Run.Budget);
        Assert.Equal(0m, trace.Run.CostUsd);
        Assert.Equal(CostProvenance.Reported, trace.Run.CostProvenance);
        Assert.Equal(new DateTimeOffset(2026, 5, 11, 0, 0, 0, TimeSpan.Zero), trace.Run.StartedAt);
        Assert.Equal(new DateTimeOffset(2026, 5, 11, 0, 0, 2, TimeSpan.Zero), trace.Run.EndedAt);

        Assert.Equal([StepKind.Error, StepKind.Error, StepKind.PolicyDecision, StepKind.Other], trace.Steps.Select(s => s.Kind));
        Assert.All(trace.Steps.Take(2), s =>
        {
            Assert.Equal("verification_failure", s.Name);
            Assert.True(s.IsError);
            Assert.Equal("stub", s.Model);
            Assert.Contains("intervention: run_verifier", s.Output, StringComparison.Ordinal);
        });
        Assert.Equal("Martin exited because the budget governor hit a hard limit.", trace.Steps[3].Output);
    }

    [Fact]
    public void Read_Sample_TwiceGivesTheSameIds()
    {
        var adapter = new MartinLoopAdapter();
        var first = adapter.Read(Sample, TraceFiles.Read(Sample));
        var second = adapter.Read(Sample, TraceFiles.Read(Sample));

        Assert.Equal(first.Traces[0].Steps.Select(s => s.Id), second.Traces[0].Steps.Select(s => s.Id));
        Assert.Equal(4, first.Traces[0].Steps.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void Read_PrettyPrintedLoopRecord_IsOneDocument()
    {
        const string record = """
            {
              "loopId": "loop_pretty",
              "status": "completed",
              "lifecycleState": "completed",
              "task": {"title": "t", "objective": "o", "verificationPlan": []},
              "budget": {"maxUsd": 5, "softLimitUsd": 2, "maxIterations": 3, "maxTokens": 1000},
              "cost": {"actualUsd": 0.42, "avoidedUsd": 0, "tokensIn": 900, "tokensOut": 80, "provenance": "actual"},
              "attempts": [
                {"attemptId": "b", "index": 2, "adapterId": "agent:claude", "model": "claude-sonnet", "startedAt": "2026-01-01T00:01:00Z", "completedAt": "2026-01-01T00:02:00Z"},
                {"attemptId": "a", "index": 1, "adapterId": "agent:claude", "model": "claude-sonnet", "startedAt": "2026-01-01T00:00:00Z", "failureClass": "test_regression"}
              ],
              "events": [], "artifacts": [], "metadata": {},
              "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:02:00Z"
            }
            """;

        var result = TraceFormats.CreateDefault().Read("loop.json", record);

        var trace = Assert.Single(result.Traces);
        Assert.Equal("martinloop", result.Format);
        Assert.Equal(RunStatus.Completed, trace.Run.Status);
        Assert.Equal(0.42m, trace.Run.CostUsd);
        Assert.Equal(new TokenUsage(900, 80), trace.Run.Tokens);
        Assert.Equal(["test_regression", "attempt"], trace.Steps.Select(s => s.Name));
        Assert.Equal(TimeSpan.FromMinutes(1), trace.Steps[1].Duration);
    }

    [Fact]
    public void Read_Ledger_MapsVerificationCostAndExit()
    {
        var result = TraceFormats.CreateDefault().Read("ledger.jsonl", Ledger);

        Assert.Equal("martinloop", result.Format);
        Assert.Empty(result.Issues);
        var trace = Assert.Single(result.Traces);
        Assert.Equal("loop_123", trace.Run.Id);
        Assert.Equal("Fix CI", trace.Run.TaskTitle);
        Assert.Equal(RunStatus.Completed, trace.Run.Status);
        Assert.Equal("completed", trace.Run.ExitReason);
        Assert.Equal(1.50m, trace.Run.CostUsd);
        Assert.Equal(new TokenUsage(560, 250), trace.Run.Tokens);
        Assert.Equal(9, trace.Steps.Count);

        var verifications = trace.Steps.Where(s => s.Kind == StepKind.VerifierRun).ToList();
        Assert.Equal([false, true], verifications.Select(v => v.Verifier!.Success));
        Assert.Equal("pnpm test", verifications[0].Command);
        Assert.Equal(1, verifications[0].ExitCode);
        Assert.True(trace.Steps.Single(s => s.Name == "attempt.discarded").IsError);
    }

    [Fact]
    public void Read_BadLines_AreReportedAndTheGoodOnesImport()
    {
        var content = Ledger.Replace(
            "{\"kind\":\"patch.generated\"", "{\"kind\":\"patch.generated\" oops", StringComparison.Ordinal)
            + "\n[1, 2]\n{\"hello\": \"world\"}\n";

        var result = new MartinLoopAdapter().Read("ledger.jsonl", content);

        Assert.Equal(3, result.RejectedRecords);
        Assert.Equal([3, 10, 11], result.Issues.Select(i => i.Line));
        Assert.Equal(8, Assert.Single(result.Traces).Steps.Count);
    }

    [Fact]
    public void Read_LoopRecordWithoutId_IsRejected()
    {
        var result = new MartinLoopAdapter().Read("x.jsonl", "{\"loopId\": \"\", \"attempts\": []}\n");

        Assert.Empty(result.Traces);
        Assert.Equal("$.loopId", Assert.Single(result.Issues).Path);
    }
}

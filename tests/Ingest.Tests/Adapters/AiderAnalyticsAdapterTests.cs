using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Adapters.Aider;
using Martin360.Tests.Shared;

namespace Martin360.Ingest.Tests.Adapters;

public sealed class AiderAnalyticsAdapterTests
{
    private const string Sample = "aider/sample-analytics.jsonl";

    private static readonly Lazy<AdapterResult> s_sample = new(() => TraceFormats.CreateDefault().Read(Sample, TraceFiles.Read(Sample)));

    private static IEnumerable<Step> AllSteps => s_sample.Value.Traces.SelectMany(t => t.Steps);

    [Fact]
    public void Read_Sample_IsDetectedAsAiderAnalytics()
    {
        Assert.Equal("aider-analytics", TraceFormats.CreateDefault().Detect(TraceFiles.Read(Sample))?.Format);
    }

    [Fact]
    public void Read_Sample_OneRunPerLaunch()
    {
        // python: 140 "launched" events (one user_id), and the first 4 lines are the tail of a session launched before the log starts.
        var result = s_sample.Value;

        Assert.Equal(141, result.Traces.Count);
        Assert.Empty(result.Issues);
        Assert.Equal(0, result.RejectedRecords);
        Assert.Equal(141, result.Traces.Select(t => t.Run.Id).Distinct().Count());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1755099880), result.Traces[0].Run.StartedAt);
    }

    [Fact]
    public void Read_Sample_ModelCallsWithTokensAndReportedCost()
    {
        // python with Decimal: 107 message_send events, prompt_tokens 2,484,349, completion_tokens 45,772,
        // cost 5.30533200000000012675; the last total_cost of each session sums to 8.10354150000000083575.
        var calls = AllSteps.Where(s => s.Kind == StepKind.ModelCall).ToList();

        Assert.Equal(107, calls.Count);
        Assert.Equal(2_484_349, calls.Sum(s => s.Tokens.Input));
        Assert.Equal(45_772, calls.Sum(s => s.Tokens.Output));
        Assert.Equal(5.30533200000000012675m, calls.Sum(s => s.CostUsd!.Value));
        Assert.Equal(8.10354150000000083575m, s_sample.Value.Traces.Sum(t => t.Run.CostUsd ?? 0m));
        Assert.Equal("gemini/gemini-2.5-pro", calls[0].Model);
        Assert.All(calls, c => Assert.Equal(CostProvenance.Reported, c.CostProvenance));
    }

    [Fact]
    public void Read_Sample_CommandsAndExits()
    {
        // python: 124 command_* events, 131 exit events in 126 sessions; 46 exits say "Completed --message".
        Assert.Equal(124, AllSteps.Count(s => s.Name?.StartsWith('/') == true));
        Assert.Equal(4, AllSteps.Count(s => s.Name == "/run"));
        Assert.Equal(131, AllSteps.Count(s => s.Name == "exit"));
        Assert.Equal(126, s_sample.Value.Traces.Count(t => t.Run.ExitReason is not null));
        Assert.Equal("Unknown edit format", s_sample.Value.Traces[0].Run.ExitReason);
        Assert.Equal(RunStatus.Failed, s_sample.Value.Traces[0].Run.Status);
    }

    [Fact]
    public void Read_BadLines_AreReportedWithLineNumbersAndTheRestImports()
    {
        const string content = """
            {"event": "launched", "properties": {}, "user_id": "u1", "time": 1700000000}
            {"event": "message_send", "properties": {"main_model": "gpt-4o", "prompt_tokens": 100, "completion_tokens": 5, "cost": 0.01, "total_cost": 0.01}, "user_id": "u1", "time": 1700000005}
            {"event": "message_send", "properties": {"prompt_tokens": 1
            {"properties": {}, "user_id": "u1", "time": 1700000009}
            {"event": "exit", "properties": {"reason": "Control-C"}, "user_id": "u1", "time": 1700000010}
            """;

        var result = new AiderAnalyticsAdapter().Read("a.jsonl", content);

        var trace = Assert.Single(result.Traces);
        Assert.Equal([StepKind.ModelCall, StepKind.Other], trace.Steps.Select(s => s.Kind));
        Assert.Equal(RunStatus.Aborted, trace.Run.Status);
        Assert.Equal(2, result.RejectedRecords);
        Assert.Equal([3, 4], result.Issues.Select(i => i.Line));
        Assert.Equal("$.event", result.Issues[1].Path);
        Assert.True(result.HasErrors);
    }

    [Fact]
    public void Read_TwoUsersInterleaved_GetSeparateRuns()
    {
        const string content = """
            {"event": "launched", "properties": {}, "user_id": "a", "time": 1700000000}
            {"event": "launched", "properties": {}, "user_id": "b", "time": 1700000001}
            {"event": "command_add", "properties": {}, "user_id": "a", "time": 1700000002}
            {"event": "command_drop", "properties": {}, "user_id": "b", "time": 1700000003}
            """;

        var result = new AiderAnalyticsAdapter().Read("a.jsonl", content);

        Assert.Equal(2, result.Traces.Count);
        Assert.Equal("/add", Assert.Single(result.Traces[0].Steps).Name);
        Assert.Equal("/drop", Assert.Single(result.Traces[1].Steps).Name);
    }
}

using System.Diagnostics;
using Martin360.Analysis.Model;
using Trace = Martin360.Analysis.Model.Trace;

namespace Martin360.Ingest.Tests.Otlp;

/// <summary>
/// One agent run as GenAI spans (semantic conventions, docs/gen-ai): invoke_agent "Fixer" with a chat, a bash
/// execute_tool that fails (with a plain child span), and a second chat. Emitted through the real .NET SDK, and
/// written by hand as OTLP/JSON with the same content; both must convert to the run asserted here.
/// </summary>
internal static class GenAiAgentScenario
{
    public const string ConversationId = "conv-7f3a";
    public const string ServiceName = "fixer-service";
    public const string ServiceVersion = "0.3.1";
    public const string FinalAnswer = """[{"role":"assistant","parts":[{"type":"text","content":"All tests pass now."}],"finish_reason":"stop"}]""";
    public const string UserRequest = """[{"role":"user","parts":[{"type":"text","content":"Make the tests pass"}]}]""";

    public static readonly DateTimeOffset Start = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The same spans as OTLP/JSON (hex ids, enum ints, intValue as strings, times as decimal strings).</summary>
    public const string Json = """
        {"resourceSpans": [{
          "resource": {"attributes": [
            {"key": "service.name", "value": {"stringValue": "fixer-service"}},
            {"key": "service.version", "value": {"stringValue": "0.3.1"}}]},
          "scopeSpans": [{
            "scope": {"name": "fixer"},
            "spans": [
              {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "00f067aa0ba902b7", "name": "invoke_agent Fixer", "kind": 1,
               "startTimeUnixNano": "1768471200000000000", "endTimeUnixNano": "1768471210000000000",
               "attributes": [
                 {"key": "gen_ai.operation.name", "value": {"stringValue": "invoke_agent"}},
                 {"key": "gen_ai.provider.name", "value": {"stringValue": "anthropic"}},
                 {"key": "gen_ai.agent.name", "value": {"stringValue": "Fixer"}},
                 {"key": "gen_ai.agent.id", "value": {"stringValue": "agent-42"}},
                 {"key": "gen_ai.agent.description", "value": {"stringValue": "Fixes failing tests"}},
                 {"key": "gen_ai.conversation.id", "value": {"stringValue": "conv-7f3a"}},
                 {"key": "gen_ai.input.messages", "value": {"stringValue": "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Make the tests pass\"}]}]"}}],
               "status": {}},
              {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "0a1b2c3d4e5f6071", "parentSpanId": "00f067aa0ba902b7",
               "name": "chat claude-sonnet-4", "kind": 3,
               "startTimeUnixNano": "1768471201000000000", "endTimeUnixNano": "1768471203000000000",
               "attributes": [
                 {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
                 {"key": "gen_ai.provider.name", "value": {"stringValue": "anthropic"}},
                 {"key": "gen_ai.request.model", "value": {"stringValue": "claude-sonnet-4"}},
                 {"key": "gen_ai.response.model", "value": {"stringValue": "claude-sonnet-4-20250514"}},
                 {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "1200"}},
                 {"key": "gen_ai.usage.output_tokens", "value": {"intValue": "80"}},
                 {"key": "gen_ai.usage.cache_read.input_tokens", "value": {"intValue": "1000"}},
                 {"key": "gen_ai.usage.cache_creation.input_tokens", "value": {"intValue": "100"}},
                 {"key": "gen_ai.response.finish_reasons", "value": {"arrayValue": {"values": [{"stringValue": "tool_calls"}]}}}]},
              {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "1b2c3d4e5f607182", "parentSpanId": "00f067aa0ba902b7",
               "name": "execute_tool bash", "kind": 1,
               "startTimeUnixNano": "1768471203500000000", "endTimeUnixNano": "1768471205000000000",
               "attributes": [
                 {"key": "gen_ai.operation.name", "value": {"stringValue": "execute_tool"}},
                 {"key": "gen_ai.tool.name", "value": {"stringValue": "bash"}},
                 {"key": "gen_ai.tool.call.id", "value": {"stringValue": "call_VSPygqKTWdrhaFErNvMV18Yl"}},
                 {"key": "gen_ai.tool.call.arguments", "value": {"stringValue": "{\"command\":\"pytest -q\"}"}},
                 {"key": "gen_ai.tool.call.result", "value": {"stringValue": "1 failed, 4 passed"}},
                 {"key": "process.exit.code", "value": {"intValue": "1"}}],
               "events": [
                 {"timeUnixNano": "1768471204900000000", "name": "exception", "attributes": [
                   {"key": "exception.type", "value": {"stringValue": "System.InvalidOperationException"}},
                   {"key": "exception.message", "value": {"stringValue": "pytest failed"}}]}],
               "status": {"code": 2, "message": "exit code 1"}},
              {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "2c3d4e5f60718293", "parentSpanId": "1b2c3d4e5f607182",
               "name": "spawn pytest", "kind": 1,
               "startTimeUnixNano": "1768471204000000000", "endTimeUnixNano": "1768471204500000000",
               "attributes": [{"key": "process.executable.name", "value": {"stringValue": "pytest"}}]},
              {"traceId": "4bf92f3577b34da6a3ce929d0e0e4736", "spanId": "3d4e5f60718293a4", "parentSpanId": "00f067aa0ba902b7",
               "name": "chat claude-sonnet-4", "kind": 3,
               "startTimeUnixNano": "1768471206000000000", "endTimeUnixNano": "1768471209000000000",
               "attributes": [
                 {"key": "gen_ai.operation.name", "value": {"stringValue": "chat"}},
                 {"key": "gen_ai.request.model", "value": {"stringValue": "claude-sonnet-4"}},
                 {"key": "gen_ai.response.model", "value": {"stringValue": "claude-sonnet-4-20250514"}},
                 {"key": "gen_ai.usage.input_tokens", "value": {"intValue": "1500"}},
                 {"key": "gen_ai.usage.output_tokens", "value": {"intValue": "40"}},
                 {"key": "gen_ai.usage.cache_read.input_tokens", "value": {"intValue": "1400"}},
                 {"key": "gen_ai.response.finish_reasons", "value": {"arrayValue": {"values": [{"stringValue": "stop"}]}}},
                 {"key": "gen_ai.output.messages", "value": {"stringValue": "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"All tests pass now.\"}],\"finish_reason\":\"stop\"}]"}}]}
            ]}]}]}
        """;

    /// <summary>The span ids of the JSON above, in step order (chat, bash, spawn, chat) after the agent.</summary>
    public static readonly SpanIds JsonIds = new("00f067aa0ba902b7", "0a1b2c3d4e5f6071", "1b2c3d4e5f607182", "2c3d4e5f60718293", "3d4e5f60718293a4");

    /// <summary>Emits the scenario through an ActivitySource the caller's tracer provider listens to.</summary>
    public static SpanIds Emit(ActivitySource source)
    {
        using var agent = Started(source, "invoke_agent Fixer", ActivityKind.Internal, 0);
        agent.SetTag("gen_ai.operation.name", "invoke_agent");
        agent.SetTag("gen_ai.provider.name", "anthropic");
        agent.SetTag("gen_ai.agent.name", "Fixer");
        agent.SetTag("gen_ai.agent.id", "agent-42");
        agent.SetTag("gen_ai.agent.description", "Fixes failing tests");
        agent.SetTag("gen_ai.conversation.id", ConversationId);
        agent.SetTag("gen_ai.input.messages", UserRequest);

        string chat1Id, toolId, spawnId, chat2Id;
        using (var chat = Started(source, "chat claude-sonnet-4", ActivityKind.Client, 1))
        {
            chat.SetTag("gen_ai.operation.name", "chat");
            chat.SetTag("gen_ai.provider.name", "anthropic");
            chat.SetTag("gen_ai.request.model", "claude-sonnet-4");
            chat.SetTag("gen_ai.response.model", "claude-sonnet-4-20250514");
            chat.SetTag("gen_ai.usage.input_tokens", 1200);
            chat.SetTag("gen_ai.usage.output_tokens", 80);
            chat.SetTag("gen_ai.usage.cache_read.input_tokens", 1000);
            chat.SetTag("gen_ai.usage.cache_creation.input_tokens", 100);
            chat.SetTag("gen_ai.response.finish_reasons", new[] { "tool_calls" });
            chat1Id = Ended(chat, 3);
        }

        using (var tool = Started(source, "execute_tool bash", ActivityKind.Internal, 3.5))
        {
            tool.SetTag("gen_ai.operation.name", "execute_tool");
            tool.SetTag("gen_ai.tool.name", "bash");
            tool.SetTag("gen_ai.tool.call.id", "call_VSPygqKTWdrhaFErNvMV18Yl");
            tool.SetTag("gen_ai.tool.call.arguments", """{"command":"pytest -q"}""");
            tool.SetTag("gen_ai.tool.call.result", "1 failed, 4 passed");
            tool.SetTag("process.exit.code", 1);
            using (var spawn = Started(source, "spawn pytest", ActivityKind.Internal, 4))
            {
                spawn.SetTag("process.executable.name", "pytest");
                spawnId = Ended(spawn, 4.5);
            }

            tool.AddException(new InvalidOperationException("pytest failed"), timestamp: Start.AddSeconds(4.9));
            tool.SetStatus(ActivityStatusCode.Error, "exit code 1");
            toolId = Ended(tool, 5);
        }

        using (var chat = Started(source, "chat claude-sonnet-4", ActivityKind.Client, 6))
        {
            chat.SetTag("gen_ai.operation.name", "chat");
            chat.SetTag("gen_ai.request.model", "claude-sonnet-4");
            chat.SetTag("gen_ai.response.model", "claude-sonnet-4-20250514");
            chat.SetTag("gen_ai.usage.input_tokens", 1500);
            chat.SetTag("gen_ai.usage.output_tokens", 40);
            chat.SetTag("gen_ai.usage.cache_read.input_tokens", 1400);
            chat.SetTag("gen_ai.response.finish_reasons", new[] { "stop" });
            chat.SetTag("gen_ai.output.messages", FinalAnswer);
            chat2Id = Ended(chat, 9);
        }

        var agentId = Ended(agent, 10);
        return new SpanIds(agentId, chat1Id, toolId, spawnId, chat2Id);
    }

    /// <summary>What both encodings must convert to (expected values read off the scenario above).</summary>
    public static void AssertRun(Trace trace, SpanIds ids)
    {
        var run = trace.Run;
        Assert.Equal("otlp", run.SourceFormat);
        Assert.Equal("Fixer", run.AgentName);
        Assert.Equal(ServiceVersion, run.AgentVersion); // no gen_ai.agent.version: the resource's service.version
        Assert.Equal("Fixes failing tests", run.AgentRole);
        Assert.Equal("Make the tests pass", run.TaskObjective);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(Start, run.StartedAt);
        Assert.Equal(Start.AddSeconds(10), run.EndedAt);

        // input_tokens include the cached ones (spec note [9]/[10]): 1200-1000-100 and 1500-1400 uncached.
        Assert.Equal(new TokenUsage(Input: 200, Output: 120, CacheRead: 2400, CacheWrite: 100), run.Tokens);

        Assert.Equal([ids.Chat1, ids.Tool, ids.Spawn, ids.Chat2], trace.Steps.Select(s => s.Id));
        Assert.Equal([StepKind.ModelCall, StepKind.ShellCommand, StepKind.Other, StepKind.ModelCall], trace.Steps.Select(s => s.Kind));
        Assert.All(trace.Steps, s => Assert.Equal("Fixer", s.Agent));

        var chat1 = trace.Steps[0];
        Assert.Equal("claude-sonnet-4-20250514", chat1.Model);
        Assert.Equal(new TokenUsage(100, 80, 1000, 100), chat1.Tokens);
        Assert.Equal(Start.AddSeconds(1), chat1.Timestamp);
        Assert.Equal(TimeSpan.FromSeconds(2), chat1.Duration);
        Assert.Equal("finish_reasons: tool_calls", chat1.Output);
        Assert.Null(chat1.ParentStepId); // its parent is the invoke_agent span, i.e. the run itself
        Assert.False(chat1.IsError);

        var bash = trace.Steps[1];
        Assert.Equal("bash", bash.Name);
        Assert.Equal("pytest -q", bash.Command);
        Assert.Equal("""{"command":"pytest -q"}""", bash.Input);
        Assert.Equal(1, bash.ExitCode);
        Assert.True(bash.IsError);
        Assert.Equal("1 failed, 4 passed\nexception: System.InvalidOperationException: pytest failed", bash.Output);

        var spawn = trace.Steps[2];
        Assert.Equal("spawn pytest", spawn.Name);
        Assert.Equal(ids.Tool, spawn.ParentStepId);

        var chat2 = trace.Steps[3];
        Assert.Equal(new TokenUsage(100, 40, 1400, 0), chat2.Tokens);
        Assert.Equal(FinalAnswer, chat2.Output);
        Assert.Equal(TimeSpan.FromSeconds(3), chat2.Duration);
    }

    private static Activity Started(ActivitySource source, string name, ActivityKind kind, double second)
    {
        var activity = source.StartActivity(name, kind) ?? throw new InvalidOperationException($"no listener sampled '{name}'");
        activity.SetStartTime(Start.AddSeconds(second).UtcDateTime);
        return activity;
    }

    private static string Ended(Activity activity, double second)
    {
        // Stop() keeps an end time that was set, so durations are exact, not clock-dependent.
        activity.SetEndTime(Start.AddSeconds(second).UtcDateTime);
        return activity.SpanId.ToHexString();
    }

    internal sealed record SpanIds(string Agent, string Chat1, string Tool, string Spawn, string Chat2);
}

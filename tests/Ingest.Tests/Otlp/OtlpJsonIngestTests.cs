using System.Text;
using Martin360.Analysis.Model;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Otlp;

namespace Martin360.Ingest.Tests.Otlp;

public sealed class OtlpJsonIngestTests
{
    private const string TraceA = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string TraceB = "5bf92f3577b34da6a3ce929d0e0e4737";

    [Fact]
    public void FromJson_HandWrittenGenAiSpans_ConvertToTheScenarioRun()
    {
        var result = OtlpTraceConverter.FromJson(GenAiAgentScenario.Json);

        Assert.False(result.IsInvalidRequest);
        Assert.Equal(5, result.AcceptedSpans);
        Assert.Equal(0, result.RejectedSpans);
        Assert.Null(result.ErrorMessage);
        GenAiAgentScenario.AssertRun(Assert.Single(result.Traces), GenAiAgentScenario.JsonIds);
    }

    [Fact]
    public void FromJson_Utf8Body_GivesTheSameRunAsText()
    {
        var fromText = Assert.Single(OtlpTraceConverter.FromJson(GenAiAgentScenario.Json).Traces);
        var fromBytes = Assert.Single(OtlpTraceConverter.FromJson(Encoding.UTF8.GetBytes(GenAiAgentScenario.Json)).Traces);

        Assert.Equal(fromText.Run, fromBytes.Run);
        Assert.Equal(fromText.Steps.Select(s => s.Id), fromBytes.Steps.Select(s => s.Id));
    }

    [Fact]
    public void Read_OtlpJsonFile_IsDetectedFromContentAndImported()
    {
        var result = TraceFormats.CreateDefault().Read("anything.txt", GenAiAgentScenario.Json);

        Assert.Equal("otlp-json", result.Format);
        Assert.Empty(result.Issues);
        GenAiAgentScenario.AssertRun(Assert.Single(result.Traces), GenAiAgentScenario.JsonIds);
    }

    [Fact]
    public void Read_JsonlOfExportBatches_IsOneRunAndImportingTwiceGivesTheSameIds()
    {
        // Two batches, as a batch processor would send them: the agent and first chat, then the rest.
        var jsonl = OtlpJson.ToJsonl(GenAiAgentScenario.Json, [0, 1], [2, 3, 4]);

        var first = TraceFormats.CreateDefault().Read("spans.jsonl", jsonl);
        var second = TraceFormats.CreateDefault().Read("spans.jsonl", jsonl);

        Assert.Equal("otlp-json", first.Format);
        var trace = Assert.Single(first.Traces);
        GenAiAgentScenario.AssertRun(trace, GenAiAgentScenario.JsonIds);
        Assert.Equal(trace.Run.Id, Assert.Single(second.Traces).Run.Id);
        Assert.Equal(trace.Steps.Select(s => s.Id), second.Traces[0].Steps.Select(s => s.Id));
    }

    [Fact]
    public void Read_JsonlWithATruncatedLine_ImportsTheOtherLinesAndNamesTheBadOne()
    {
        var lines = OtlpJson.ToJsonl(GenAiAgentScenario.Json, [0, 1], [2, 3], [4]).Split('\n');
        lines[1] = lines[1][..(lines[1].Length / 2)];

        var result = TraceFormats.CreateDefault().Read("spans.jsonl", string.Join('\n', lines));

        var issue = Assert.Single(result.Issues, i => i.Level == ImportIssueLevel.Error);
        Assert.Equal(2, issue.Line);
        Assert.Equal(1, result.RejectedRecords);
        var trace = Assert.Single(result.Traces);
        Assert.Equal([StepKind.ModelCall, StepKind.ModelCall], trace.Steps.Select(s => s.Kind)); // the bash and spawn line is gone
    }

    [Fact]
    public void FromJson_SpansWithoutConversationId_AreOneRunPerTrace()
    {
        var json = OtlpJson.Request(
            OtlpJson.Span(TraceA, "00000000000000a1", "invoke_agent A", 0, null, ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "A")),
            OtlpJson.Span(TraceB, "00000000000000b1", "invoke_agent B", 1, null, ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "B")));

        var result = OtlpTraceConverter.FromJson(json);

        Assert.Equal(["A", "B"], result.Traces.Select(t => t.Run.AgentName));
        Assert.NotEqual(result.Traces[0].Run.Id, result.Traces[1].Run.Id);
    }

    [Fact]
    public void FromJson_TwoTracesOfOneConversation_AreOneRun()
    {
        // Two turns of one conversation: each its own trace, the conversation id on the invoke_agent span only.
        var json = OtlpJson.Request(
            OtlpJson.Span(TraceA, "00000000000000a1", "invoke_agent A", 0, null,
                ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "A"), ("gen_ai.conversation.id", "c-1")),
            OtlpJson.Span(TraceA, "00000000000000a2", "chat", 1, "00000000000000a1", ("gen_ai.operation.name", "chat")),
            OtlpJson.Span(TraceB, "00000000000000b1", "invoke_agent A", 5, null,
                ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "A"), ("gen_ai.conversation.id", "c-1")),
            OtlpJson.Span(TraceB, "00000000000000b2", "chat", 6, "00000000000000b1", ("gen_ai.operation.name", "chat")));

        var trace = Assert.Single(OtlpTraceConverter.FromJson(json).Traces);

        Assert.Equal(["00000000000000a2", "00000000000000b2"], trace.Steps.Select(s => s.Id));
        Assert.Equal(GenAiAgentScenario.Start, trace.Run.StartedAt);
        Assert.Equal(GenAiAgentScenario.Start.AddSeconds(7), trace.Run.EndedAt);
    }

    [Fact]
    public void FromJson_TraceWithoutGenAiAttributes_IsIgnoredAndReportedNotRejected()
    {
        var json = OtlpJson.Request(
            OtlpJson.Span(TraceA, "00000000000000a1", "chat gpt-4", 0, null, ("gen_ai.operation.name", "chat")),
            OtlpJson.Span(TraceB, "00000000000000b1", "GET /health", 0, null, ("http.request.method", "GET")));

        var result = OtlpTraceConverter.FromJson(json);

        Assert.Single(result.Traces);
        Assert.Equal(1, result.IgnoredSpans);
        Assert.Equal(0, result.RejectedSpans);
        Assert.Contains("no gen_ai.* attributes", result.ErrorMessage, StringComparison.Ordinal);

        // OTLP's warning form: partial_success with a message and no rejected_spans.
        Assert.StartsWith("{ \"partialSuccess\": { \"errorMessage\": \"1 span(s)", OtlpExportResponse.ToJson(result), StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_NestedInvokeAgent_IsASubAgentStepAndItsChildrenAreAttributedToIt()
    {
        var json = OtlpJson.Request(
            OtlpJson.Span(TraceA, "00000000000000a1", "invoke_agent lead", 0, null, ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "lead")),
            OtlpJson.Span(TraceA, "00000000000000a2", "invoke_agent researcher", 1, "00000000000000a1",
                ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "researcher")),
            OtlpJson.Span(TraceA, "00000000000000a3", "chat", 2, "00000000000000a2", ("gen_ai.operation.name", "chat")));

        var trace = Assert.Single(OtlpTraceConverter.FromJson(json).Traces);

        Assert.Equal("lead", trace.Run.AgentName);
        Assert.Equal([("00000000000000a2", StepKind.Other, "researcher", (string?)null), ("00000000000000a3", StepKind.ModelCall, "researcher", "00000000000000a2")],
            trace.Steps.Select(s => (s.Id, s.Kind, s.Agent!, s.ParentStepId)));
    }

    [Theory]
    [InlineData("run_shell_command", """{"command":"ls -la"}""", "ls -la")]
    [InlineData("exec_command", """{"cmd":["bash","-lc","make test"]}""", "bash -lc make test")]
    [InlineData("Bash", "git status", "git status")]
    public void FromJson_ShellToolCall_IsAShellCommandWithItsCommand(string tool, string arguments, string command)
    {
        var json = OtlpJson.Request(OtlpJson.Span(TraceA, "00000000000000a1", "execute_tool " + tool, 0, null,
            ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", tool), ("gen_ai.tool.call.arguments", arguments)));

        var step = Assert.Single(Assert.Single(OtlpTraceConverter.FromJson(json).Traces).Steps);

        Assert.Equal(StepKind.ShellCommand, step.Kind);
        Assert.Equal(command, step.Command);
    }

    [Fact]
    public void FromJson_SnakeCaseNamesAndEnumNames_AreReadLikeTheProtobufJsonMapping()
    {
        var json = """
            {"resource_spans": [{"scope_spans": [{"spans": [
              {"trace_id": "4BF92F3577B34DA6A3CE929D0E0E4736", "span_id": "00F067AA0BA902B7", "name": "execute_tool search",
               "start_time_unix_nano": 1768471200000000000, "end_time_unix_nano": 1768471201000000000,
               "status": {"code": "STATUS_CODE_ERROR", "message": "timeout"},
               "attributes": [{"key": "gen_ai.operation.name", "value": {"string_value": "execute_tool"}},
                              {"key": "gen_ai.usage.input_tokens", "value": {"int_value": 7}}]}]}]}]}
            """;

        var step = Assert.Single(Assert.Single(OtlpTraceConverter.FromJson(json).Traces).Steps);

        Assert.Equal("00f067aa0ba902b7", step.Id);
        Assert.Equal(StepKind.ToolCall, step.Kind);
        Assert.Equal("search", step.Name); // no gen_ai.tool.name: taken from the span name "execute_tool {name}"
        Assert.True(step.IsError);
        Assert.Equal(TimeSpan.FromSeconds(1), step.Duration);
    }
}

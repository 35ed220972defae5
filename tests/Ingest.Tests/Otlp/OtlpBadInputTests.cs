using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Otlp;
using Martin360.Ingest.Otlp.Protos.Collector.Trace.V1;
using Martin360.Ingest.Otlp.Protos.Common.V1;
using Martin360.Ingest.Otlp.Protos.Trace.V1;

namespace Martin360.Ingest.Tests.Otlp;

public sealed class OtlpBadInputTests
{
    [Theory]
    [InlineData("this is not protobuf")]
    [InlineData("\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff")]
    public void FromProtobuf_GarbageBytes_IsAnInvalidRequestWithAClearMessage(string garbage)
    {
        var bytes = garbage.Select(c => (byte)c).ToArray();

        var result = OtlpTraceConverter.FromProtobuf(bytes);

        Assert.True(result.IsInvalidRequest);
        Assert.Empty(result.Traces);
        Assert.StartsWith("The body is not a protobuf OTLP ExportTraceServiceRequest", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"resourceSpans\": [", "not valid JSON")]
    [InlineData("[1, 2, 3]", "expected an OTLP ExportTraceServiceRequest object")]
    [InlineData("{\"resourceSpans\": 42}", "$.resourceSpans: expected an array")]
    public void FromJson_UnreadableBody_IsAnInvalidRequestWithAClearMessage(string body, string expected)
    {
        var result = OtlpTraceConverter.FromJson(body);

        Assert.True(result.IsInvalidRequest);
        Assert.Empty(result.Traces);
        Assert.Contains(expected, result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_SpanWithoutTraceId_IsRejectedAloneAndReportedAsPartialSuccess()
    {
        // The last span (the second chat) loses its traceId.
        var json = GenAiAgentScenario.Json.Replace(
            "\"traceId\": \"4bf92f3577b34da6a3ce929d0e0e4736\", \"spanId\": \"3d4e5f60718293a4\"",
            "\"spanId\": \"3d4e5f60718293a4\"",
            StringComparison.Ordinal);
        Assert.NotEqual(GenAiAgentScenario.Json, json);

        var result = OtlpTraceConverter.FromJson(json);

        Assert.Equal(1, result.RejectedSpans);
        Assert.Equal(4, result.AcceptedSpans);
        var issue = Assert.Single(result.Issues);
        Assert.Equal("$.resourceSpans[0].scopeSpans[0].spans[4]", issue.Path);
        Assert.Contains("traceId is missing", issue.Message, StringComparison.Ordinal);
        var trace = Assert.Single(result.Traces);
        Assert.Equal(["0a1b2c3d4e5f6071", "1b2c3d4e5f607182", "2c3d4e5f60718293"], trace.Steps.Select(s => s.Id));

        using var response = JsonDocument.Parse(OtlpExportResponse.ToJson(result));
        var partial = response.RootElement.GetProperty("partialSuccess");
        Assert.Equal("1", partial.GetProperty("rejectedSpans").GetString()); // int64 as a string, as OTLP/JSON writes it
        Assert.Contains("1 of 5 span(s) rejected", partial.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromProtobuf_SpanWithoutTraceId_IsRejectedAloneAndReportedAsPartialSuccess()
    {
        var good = Span("00000000000000a1", traceId: Convert.FromHexString("4bf92f3577b34da6a3ce929d0e0e4736"));
        var missing = Span("00000000000000a2", traceId: []);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { good, missing } } } });

        var result = OtlpTraceConverter.FromProtobuf(request.ToByteArray());

        Assert.Equal(1, result.RejectedSpans);
        Assert.Equal("00000000000000a1", Assert.Single(Assert.Single(result.Traces).Steps).Id);
        var response = ExportTraceServiceResponse.Parser.ParseFrom(OtlpExportResponse.ToProtobuf(result));
        Assert.Equal(1, response.PartialSuccess.RejectedSpans);
        Assert.Contains("spans[1]: span rejected: traceId is missing", response.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"spanId\": \"zz0000000000000z\"", "must be hex strings")]
    [InlineData("\"spanId\": \"00f067aa\"", "must be hex strings")]
    [InlineData("\"spanId\": \"0000000000000000\"", "spanId must be 8 bytes and not all zero")]
    [InlineData("\"spanId\": \"0a1b2c3d4e5f6071\"", "duplicate span id")]
    public void FromJson_BadOrDuplicateSpanId_RejectsThatSpanOnly(string replacement, string message)
    {
        var json = GenAiAgentScenario.Json.Replace("\"spanId\": \"3d4e5f60718293a4\"", replacement, StringComparison.Ordinal);

        var result = OtlpTraceConverter.FromJson(json);

        Assert.Equal(1, result.RejectedSpans);
        Assert.Contains(message, Assert.Single(result.Issues).Message, StringComparison.Ordinal);
        Assert.Equal(3, Assert.Single(result.Traces).Steps.Count);
    }

    [Fact]
    public void Read_OtlpJsonWhoseSpansAreAllBad_ImportsNothingAndSaysWhy()
    {
        var json = """{"resourceSpans": [{"scopeSpans": [{"spans": [{"name": "chat", "spanId": "00f067aa0ba902b7"}, "oops"]}]}]}""";

        var result = TraceFormats.CreateDefault().Read("x.json", json);

        Assert.Equal("otlp-json", result.Format);
        Assert.Empty(result.Traces);
        Assert.Equal(2, result.RejectedRecords);
        Assert.Equal(["$.resourceSpans[0].scopeSpans[0].spans[0]", "$.resourceSpans[0].scopeSpans[0].spans[1]"],
            result.Issues.Where(i => i.Level == ImportIssueLevel.Error).Select(i => i.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FromJson_HugeAttribute_IsCutAndMarkedTruncated()
    {
        var huge = new string('x', 200_000);
        var json = OtlpJson.Request(OtlpJson.Span("4bf92f3577b34da6a3ce929d0e0e4736", "00000000000000a1", "execute_tool read", 0, null,
            ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "read"), ("gen_ai.tool.call.result", huge)));

        var step = Assert.Single(Assert.Single(OtlpTraceConverter.FromJson(Encoding.UTF8.GetBytes(json)).Traces).Steps);

        Assert.True(step.Truncated);
        Assert.True(step.Output!.Length < huge.Length);
    }

    private static Span Span(string spanId, byte[] traceId) => new()
    {
        TraceId = ByteString.CopyFrom(traceId),
        SpanId = ByteString.CopyFrom(Convert.FromHexString(spanId)),
        Name = "chat gpt-4",
        StartTimeUnixNano = 1768471200000000000,
        EndTimeUnixNano = 1768471201000000000,
        Attributes = { new KeyValue { Key = "gen_ai.operation.name", Value = new AnyValue { StringValue = "chat" } } },
    };
}

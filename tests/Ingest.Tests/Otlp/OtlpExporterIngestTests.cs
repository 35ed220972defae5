using System.Diagnostics;
using Martin360.Ingest.Otlp;
using Martin360.Ingest.Otlp.Protos.Collector.Trace.V1;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Martin360.Ingest.Tests.Otlp;

/// <summary>The real OpenTelemetry .NET SDK and OTLP exporter (HttpProtobuf) against a receiver on port 0.</summary>
public sealed class OtlpExporterIngestTests
{
    [Fact]
    public async Task FromProtobuf_SpansFromTheRealExporter_BecomeOneRunWithModelAndToolSteps()
    {
        await using var server = await OtlpCaptureServer.StartAsync();
        using var source = new ActivitySource("Martin360.Tests.Otlp." + Guid.NewGuid().ToString("N"));

        GenAiAgentScenario.SpanIds ids;
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .ConfigureResource(r => r.Clear().AddService(GenAiAgentScenario.ServiceName, serviceVersion: GenAiAgentScenario.ServiceVersion))
            .AddOtlpExporter(options =>
            {
                options.Endpoint = server.TracesEndpoint;
                options.Protocol = OtlpExportProtocol.HttpProtobuf;
                options.ExportProcessorType = ExportProcessorType.Batch;
                options.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler { UseProxy = false });
            })
            .Build())
        {
            ids = GenAiAgentScenario.Emit(source);

            // Bounded: a receiver that never answers fails the test instead of hanging it.
            Assert.True(provider.ForceFlush(timeoutMilliseconds: 15_000), "the exporter did not flush within 15 s");
        }

        var requests = server.Requests;
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Equal("application/x-protobuf", r.ContentType));

        // Batches may split the spans over requests; serialized protobuf messages merge by concatenation.
        var body = requests.SelectMany(r => r.Body).ToArray();
        var result = OtlpTraceConverter.FromProtobuf(body);

        Assert.False(result.IsInvalidRequest, result.ErrorMessage);
        Assert.Equal(0, result.RejectedSpans);
        Assert.Equal(5, result.AcceptedSpans);
        var trace = Assert.Single(result.Traces);
        GenAiAgentScenario.AssertRun(trace, ids);

        // The same conversation written by hand as OTLP/JSON lands on the same run.
        var fromJson = Assert.Single(OtlpTraceConverter.FromJson(GenAiAgentScenario.Json).Traces);
        Assert.Equal(fromJson.Run, trace.Run);
        Assert.Equal(fromJson.Steps.Select(s => (s.Kind, s.Name, s.Model, s.Tokens, s.Command, s.IsError, s.Output)),
            trace.Steps.Select(s => (s.Kind, s.Name, s.Model, s.Tokens, s.Command, s.IsError, s.Output)));
    }

    [Fact]
    public async Task ExportResponse_AllSpansAccepted_IsAnEmptyResponseTheExporterAccepts()
    {
        await using var server = await OtlpCaptureServer.StartAsync();
        using var source = new ActivitySource("Martin360.Tests.Otlp." + Guid.NewGuid().ToString("N"));
        using var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .AddOtlpExporter(options =>
            {
                options.Endpoint = server.TracesEndpoint;
                options.Protocol = OtlpExportProtocol.HttpProtobuf;
                options.ExportProcessorType = ExportProcessorType.Simple;
                options.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler { UseProxy = false });
            })
            .Build();

        using (var chat = source.StartActivity("chat gpt-4", ActivityKind.Client))
        {
            chat?.SetTag("gen_ai.operation.name", "chat");
            chat?.SetTag("gen_ai.request.model", "gpt-4");
        }

        Assert.True(provider.ForceFlush(timeoutMilliseconds: 15_000));
        var request = Assert.Single(server.Requests);
        var result = OtlpTraceConverter.FromProtobuf(request.Body);

        var response = ExportTraceServiceResponse.Parser.ParseFrom(OtlpExportResponse.ToProtobuf(result));
        Assert.Null(response.PartialSuccess);
        Assert.Equal("{ }", OtlpExportResponse.ToJson(result));
        Assert.Equal("gpt-4", Assert.Single(Assert.Single(result.Traces).Steps).Model);
    }
}

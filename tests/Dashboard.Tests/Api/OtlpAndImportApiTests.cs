using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Martin360.Ingest.Tests.Otlp;
using Martin360.Tests.Shared;
using Martin360.Tests.Shared.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Martin360.Dashboard.Tests.Api;

public sealed class OtlpAndImportApiTests : AppHostTest
{
    [Fact]
    public async Task OtlpProtobuf_SpansFromTheRealExporter_ShowUpAsARun()
    {
        using var source = new ActivitySource("Martin360.Tests.App." + Guid.NewGuid().ToString("N"));
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .ConfigureResource(r => r.Clear().AddService(GenAiAgentScenario.ServiceName, serviceVersion: GenAiAgentScenario.ServiceVersion))
            .AddOtlpExporter(options =>
            {
                options.Endpoint = new Uri(Host.BaseAddress, "v1/traces");
                options.Protocol = OtlpExportProtocol.HttpProtobuf;
                options.Headers = "X-Api-Key=" + AppHost.ApiKey;
                options.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler { UseProxy = false });
            })
            .Build())
        {
            GenAiAgentScenario.Emit(source);
            Assert.True(provider.ForceFlush(timeoutMilliseconds: 15_000), "the exporter did not flush within 15 s");
        }

        var run = await SingleRunAsync("Fixer");

        Assert.Equal("otlp", run.GetProperty("sourceFormat").GetString());
        Assert.Equal(4, run.GetProperty("stepCount").GetInt32()); // invoke_agent is the run header; chat, execute_tool, its child span and chat are steps
        Assert.Contains("claude-sonnet-4-20250514", run.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        var tokens = run.GetProperty("tokens");
        Assert.Equal((200, 120, 2400, 100), (tokens.GetProperty("input").GetInt64(), tokens.GetProperty("output").GetInt64(),
            tokens.GetProperty("cacheRead").GetInt64(), tokens.GetProperty("cacheWrite").GetInt64()));
        Assert.Equal("computed", run.GetProperty("costProvenance").GetString());
    }

    [Fact]
    public async Task OtlpJson_SameSpans_LandOnTheSameRunAsProtobufWould()
    {
        var response = await Client.PostAsync("v1/traces", new StringContent(GenAiAgentScenario.Json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await SingleRunAsync("Fixer");
        Assert.Equal(4, run.GetProperty("stepCount").GetInt32()); // invoke_agent is the run header; chat, execute_tool, its child span and chat are steps
    }

    [Fact]
    public async Task Otlp_UnsupportedContentTypeAndGarbage_Answer415And400()
    {
        var text = await Client.PostAsync("v1/traces", new StringContent("hello", Encoding.UTF8, "text/plain"));
        var garbage = await Client.PostAsync("v1/traces", new ByteArrayContent([0xff, 0x00, 0x13, 0x37]) { Headers = { ContentType = new("application/x-protobuf") } });

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(0, (await ListAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Import_RealTraceTwice_SecondTimeEverythingIsADuplicate()
    {
        var content = TraceFiles.Read("swe-agent/pydicom__pydicom-1458.traj");

        var first = await ImportRawAsync("pydicom__pydicom-1458.traj", content);
        var second = await ImportRawAsync("pydicom__pydicom-1458.traj", content);

        var firstFile = first.GetProperty("files")[0];
        var secondFile = second.GetProperty("files")[0];
        Assert.Equal("swe-agent", firstFile.GetProperty("format").GetString());
        Assert.Equal("imported", firstFile.GetProperty("status").GetString());
        var steps = firstFile.GetProperty("runs")[0].GetProperty("stepsAccepted").GetInt32();
        Assert.True(steps > 0);
        Assert.Equal(0, secondFile.GetProperty("runs")[0].GetProperty("stepsAccepted").GetInt32());
        Assert.Equal(steps, secondFile.GetProperty("runs")[0].GetProperty("stepsDuplicate").GetInt32());
        Assert.Equal(1, (await ListAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Import_MultipartWithAGoodAndABadFile_ReportsEachFileAndImportsTheGoodOne()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(TraceFiles.Read("mini-swe-agent/django__django-16255.traj.json")), "files", "django-16255.traj.json" },
            { new StringContent("{\"not\": \"a trace\"}"), "files", "mystery.json" },
        };

        var response = await Client.PostAsync("api/v1/import", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var files = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("files");
        Assert.Equal("imported", files[0].GetProperty("status").GetString());
        Assert.Equal("failed", files[1].GetProperty("status").GetString());
        Assert.Contains("Unknown trace format", files[1].GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await ListAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Import_WithoutKey_Answers401AndStoresNothing()
    {
        using var anonymous = Host.CreateClient(apiKey: null);

        var response = await anonymous.PostAsync("api/v1/import?name=x.traj", new StringContent(TraceFiles.Read("swe-agent/pydicom__pydicom-1458.traj")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, (await ListAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Schema_IsServedAsJson()
    {
        using var anonymous = Host.CreateClient(apiKey: null);

        var schema = await anonymous.GetFromJsonAsync<JsonElement>("schema/martin360-v1.schema.json");

        Assert.Equal("martin360/v1", schema.GetProperty("properties").GetProperty("format").GetProperty("const").GetString());
        Assert.Contains("verifier_run", schema.GetProperty("$defs").GetProperty("step").GetProperty("properties").GetProperty("kind").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }

    private async Task<JsonElement> ImportRawAsync(string name, string content)
    {
        var response = await Client.PostAsync($"api/v1/import?name={Uri.EscapeDataString(name)}", new StringContent(content, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> ListAsync() => await Client.GetFromJsonAsync<JsonElement>("api/v1/runs");

    private async Task<JsonElement> SingleRunAsync(string agent)
    {
        var list = await ListAsync();
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(agent, item.GetProperty("agent").GetProperty("name").GetString());
        return await Client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{item.GetProperty("id").GetString()}");
    }
}

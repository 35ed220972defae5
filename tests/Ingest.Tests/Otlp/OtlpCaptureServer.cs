using System.Collections.Concurrent;
using Martin360.Ingest.Otlp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Martin360.Ingest.Tests.Otlp;

/// <summary>A tiny OTLP/HTTP receiver on 127.0.0.1, port 0, that keeps every POST /v1/traces body as sent.</summary>
internal sealed class OtlpCaptureServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string ContentType, byte[] Body)> _requests = new();

    private OtlpCaptureServer(WebApplication app)
    {
        _app = app;
    }

    public IReadOnlyList<(string ContentType, byte[] Body)> Requests => _requests.ToArray();

    public Uri TracesEndpoint => new(_app.Urls.Single() + "/v1/traces");

    public static async Task<OtlpCaptureServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new OtlpCaptureServer(app);
        app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            server._requests.Enqueue((context.Request.ContentType ?? "", buffer.ToArray()));

            // Answer as an OTLP receiver does, so the exporter sees a normal success.
            var answer = OtlpExportResponse.ToProtobuf(OtlpTraceConverter.FromProtobuf(buffer.ToArray()));
            context.Response.ContentType = OtlpExportResponse.ProtobufContentType;
            await context.Response.Body.WriteAsync(answer, context.RequestAborted);
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

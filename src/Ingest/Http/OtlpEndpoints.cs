using System.IO.Compression;
using Martin360.Ingest.Otlp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Martin360.Ingest.Http;

/// <summary>OTLP/HTTP trace receiver at POST /v1/traces (protobuf and JSON), answering as OTLP receivers do.</summary>
public static class OtlpEndpoints
{
    public static RouteHandlerBuilder MapOtlp(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/v1/traces", ReceiveAsync).AddEndpointFilter<ApiKeyFilter>().DisableAntiforgery();

    private static async Task<IResult> ReceiveAsync(HttpRequest request, IngestService ingest, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var isProtobuf = mediaType == OtlpExportResponse.ProtobufContentType;
        if (!isProtobuf && mediaType != OtlpExportResponse.JsonContentType)
        {
            return Problems.UnsupportedMediaType($"{OtlpExportResponse.ProtobufContentType} or {OtlpExportResponse.JsonContentType}");
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(request, options.Value.MaxBodyBytes, cancellationToken);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge(options.Value.MaxBodyBytes);
        }
        catch (InvalidDataException)
        {
            return TypedResults.Problem(title: "The body is not valid gzip.", statusCode: StatusCodes.Status400BadRequest);
        }

        var result = isProtobuf ? OtlpTraceConverter.FromProtobuf(body) : OtlpTraceConverter.FromJson(body);
        if (result.IsInvalidRequest)
        {
            return Problems.Validation(result.ErrorMessage ?? "The OTLP request could not be read.", result.Issues);
        }

        foreach (var trace in result.Traces)
        {
            await ingest.SaveTraceAsync(trace, cancellationToken);
        }

        return isProtobuf
            ? TypedResults.Bytes(OtlpExportResponse.ToProtobuf(result), OtlpExportResponse.ProtobufContentType)
            : TypedResults.Text(OtlpExportResponse.ToJson(result), OtlpExportResponse.JsonContentType);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        var gzip = string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase);
        await using var source = gzip ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                // Also bounds what a small gzip body may expand to.
                throw new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge);
            }
        }

        return buffer.ToArray();
    }
}

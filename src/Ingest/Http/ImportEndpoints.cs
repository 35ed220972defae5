using System.Text;
using Martin360.Ingest.Import;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Martin360.Ingest.Http;

/// <summary>POST /api/v1/import: trace files as a raw body (name and format in the query) or as multipart form files.</summary>
public static class ImportEndpoints
{
    public static RouteHandlerBuilder MapImport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/v1/import", ImportAsync).AddEndpointFilter<ApiKeyFilter>().DisableAntiforgery();

    private static async Task<IResult> ImportAsync(HttpContext context, ImportService importer, IOptions<IngestOptions> options,
        string? format, string? name, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxImportBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        var request = context.Request;
        if (request.ContentLength > limit)
        {
            return Problems.TooLarge(limit);
        }

        var results = new List<ImportFileResult>();
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(cancellationToken);
                if (form.Files.Count == 0)
                {
                    return TypedResults.Problem(title: "No files in the form.", detail: "Send one or more files as multipart form data.", statusCode: StatusCodes.Status400BadRequest);
                }

                foreach (var file in form.Files)
                {
                    using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
                    results.Add(await importer.ImportAsync(file.FileName, await reader.ReadToEndAsync(cancellationToken), format, cancellationToken));
                }
            }
            else
            {
                using var reader = new StreamReader(request.Body, Encoding.UTF8);
                var content = await reader.ReadToEndAsync(cancellationToken);
                results.Add(await importer.ImportAsync(string.IsNullOrWhiteSpace(name) ? "body" : name, content, format, cancellationToken));
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge(limit);
        }
        catch (InvalidDataException exception)
        {
            return TypedResults.Problem(title: "The form could not be read.", detail: exception.Message, statusCode: StatusCodes.Status400BadRequest);
        }

        // 200 even when a file failed: the body reports each file; 422 only when nothing at all could be imported.
        var response = new ImportResponse(results);
        return results.All(r => r.Status == "failed")
            ? TypedResults.UnprocessableEntity(response)
            : TypedResults.Ok(response);
    }
}

using System.Text.Json;
using Martin360.Ingest.Adapters;
using Microsoft.AspNetCore.Http;

namespace Martin360.Ingest.Http;

/// <summary>Reads a JSON body into a DTO, turning every way it can be wrong into a problem that names the line and field.</summary>
internal static class RequestReader
{
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, Problems.TooLarge(maxBytes));
        }

        if (!request.HasJsonContentType())
        {
            return (null, Problems.UnsupportedMediaType("application/json"));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, IngestJson.Options, cancellationToken);
            return value is null
                ? (null, Problems.Validation("The body must be a JSON object.", [new ImportIssue(ImportIssueLevel.Error, "expected a JSON object", 1, "$")]))
                : (value, null);
        }
        catch (JsonException exception)
        {
            var issue = IngestJson.ToIssue(exception);
            return (null, Problems.Validation($"The body is not valid JSON ({issue}).", [issue]));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.TooLarge(maxBytes));
        }
    }
}

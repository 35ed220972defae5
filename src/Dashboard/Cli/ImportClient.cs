using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Martin360.Ingest;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Http;
using Martin360.Ingest.Import;

namespace Martin360.Dashboard.Cli;

/// <summary>Posts one trace file to a server's POST /api/v1/import and reads the per-file result back.</summary>
public sealed class ImportClient(HttpClient http)
{
    /// <summary>An HttpClient for a server URL and API key, with a timeout long enough for big files.</summary>
    public static HttpClient CreateHttp(string server, string apiKey)
    {
        var http = new HttpClient { BaseAddress = new Uri(server.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return http;
    }

    public Uri? Server => http.BaseAddress;

    /// <summary>
    /// Imports one file's bytes under a name. A file the server could not import comes back as a failed result;
    /// a refused key throws <see cref="CliUsageException"/> (no later file would fare better), an unreachable
    /// server throws <see cref="HttpRequestException"/>.
    /// </summary>
    public async Task<ImportFileResult> ImportAsync(string name, ReadOnlyMemory<byte> content, string? format, CancellationToken cancellationToken)
    {
        var query = "api/v1/import?name=" + Uri.EscapeDataString(name) + "&format=" + Uri.EscapeDataString(string.IsNullOrWhiteSpace(format) ? "auto" : format);
        using var body = new ReadOnlyMemoryContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync(query, body, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new CliUsageException($"the server at {http.BaseAddress} refused the API key ({(int)response.StatusCode}); Settings lists the valid keys.");
        }

        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity
            && await TryReadAsync(response, cancellationToken) is { Files.Count: > 0 } result)
        {
            return result.Files[0];
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new CliUsageException($"{http.BaseAddress} has no import endpoint (404): is it a Martin360 server?");
        }

        var problem = await response.Content.ReadAsStringAsync(cancellationToken);
        return Failed(name, $"the server answered {(int)response.StatusCode} {response.ReasonPhrase}{Detail(problem)}");
    }

    /// <summary>A result for a file that never reached the import (unreadable, rejected by the server as a whole).</summary>
    public static ImportFileResult Failed(string name, string message) => new()
    {
        Source = name,
        Format = "unknown",
        Status = "failed",
        Runs = [],
        Warnings = [],
        Errors = [new ImportIssue(ImportIssueLevel.Error, message)],
    };

    private static async Task<ImportResponse?> TryReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<ImportResponse>(IngestJson.Options, cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Detail(string problem)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(problem);
            var root = document.RootElement;
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return ": " + string.Join(" ", new[] { title, detail }.Where(s => !string.IsNullOrWhiteSpace(s)));
        }
        catch (System.Text.Json.JsonException)
        {
            return problem.Length == 0 ? "" : ": " + problem[..Math.Min(200, problem.Length)];
        }
    }
}

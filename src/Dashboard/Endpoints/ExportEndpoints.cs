using System.Text;
using System.Text.Json;
using Martin360.Dashboard.Export;
using Martin360.Dashboard.ViewModels;
using Martin360.Dashboard.ViewModels.Panels;
using Martin360.Ingest;
using Martin360.Ingest.Http;
using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.Endpoints;

/// <summary>
/// Downloads of one run: a Markdown report, a martin360/v1 JSON document with the analysis, and the cost chart's data
/// as CSV. Served by the dashboard without an API key, like the pages that link to them (the dashboard is bound to localhost).
/// </summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapRunExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/runs/{id}/export.md", MarkdownAsync).ExcludeFromDescription();
        app.MapGet("/runs/{id}/export.json", JsonAsync).ExcludeFromDescription();
        app.MapGet("/runs/{id}/cost.csv", CostCsvAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> MarkdownAsync(string id, HttpRequest request, TraceStore store, TriageStore triage, CancellationToken cancellationToken)
    {
        if (await LoadAsync(store, id, cancellationToken) is not ({ } view, { } trace))
        {
            return NotFound(id);
        }

        var runUrl = $"{request.Scheme}://{request.Host}{request.PathBase}/runs/{Uri.EscapeDataString(id)}";
        var review = RunReview.From(await triage.GetAsync(id, cancellationToken));
        var markdown = RunReport.ToMarkdown(view, trace.Steps, runUrl, review);
        return Results.File(Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", FileName(id, "md"));
    }

    private static async Task<IResult> JsonAsync(string id, TraceStore store, CancellationToken cancellationToken)
    {
        if (await LoadAsync(store, id, cancellationToken) is not ({ } view, { } trace))
        {
            return NotFound(id);
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(RunExport.ToDocument(view, trace.Steps), IngestJson.Options);
        return Results.File(json, "application/json; charset=utf-8", FileName(id, "json"));
    }

    /// <summary>The data behind the run's cost and tokens charts, every step (the charts thin long runs), with the budget.</summary>
    private static async Task<IResult> CostCsvAsync(string id, TraceStore store, CancellationToken cancellationToken)
    {
        var record = await store.GetRunAsync(id, cancellationToken);
        if (record is null)
        {
            return NotFound(id);
        }

        var steps = (await store.GetStepOutlinesAsync(id, cancellationToken)).Select(RecordMapper.ToStep).ToArray();
        var csv = CostPanel.Csv(steps, RecordMapper.BudgetOf(record));
        return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", FileName(id, "cost.csv"));
    }

    private static async Task<(RunView View, Analysis.Model.Trace Trace)?> LoadAsync(TraceStore store, string id, CancellationToken cancellationToken)
    {
        var record = await store.GetRunAsync(id, cancellationToken);
        var trace = record is null ? null : await store.LoadTraceAsync(id, cancellationToken);
        return record is null || trace is null ? null : (ViewMapper.ToView(record), trace);
    }

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such run", detail: $"There is no run with id '{id}'.");

    /// <summary>A download name from the run id with anything a file system or a header could trip on replaced.</summary>
    internal static string FileName(string id, string extension)
    {
        var safe = new string(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray()).Trim('.');
        return $"martin360-run-{(safe.Length == 0 ? "export" : safe[..Math.Min(safe.Length, 80)])}.{extension}";
    }
}

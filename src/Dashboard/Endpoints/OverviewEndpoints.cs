using System.Globalization;
using Martin360.Dashboard.ViewModels;
using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.Endpoints;

/// <summary>GET /overview/{chart}.csv: the data behind each overview chart, with the page's filters.</summary>
public static class OverviewEndpoints
{
    private static readonly string[] s_charts = ["spend", "success", "value", "wasted", "budget", "unfinished"];

    public static void MapOverviewExports(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/overview/{chart}.csv", async (string chart, string? from, string? to, string? project, string? bucket, string? groupBy,
            OverviewStore store, TimeProvider time, CancellationToken cancellationToken) =>
        {
            if (!s_charts.Contains(chart))
            {
                return Results.Problem(title: "No such chart.", detail: $"Known charts: {string.Join(", ", s_charts)}.", statusCode: StatusCodes.Status404NotFound);
            }

            var today = time.GetUtcNow().UtcDateTime.Date;
            if (!TryDay(from, today.AddDays(-29), out var fromDay) || !TryDay(to, today, out var toDay))
            {
                return Results.Problem(title: "Bad date.", detail: "from and to are dates like 2026-11-22.", statusCode: StatusCodes.Status400BadRequest);
            }

            var facts = await store.FactsAsync(DateOnly.FromDateTime(fromDay), DateOnly.FromDateTime(toDay), project, cancellationToken);
            var report = OverviewCalculator.Compute(facts, bucket is "week" or "month" ? bucket : "day", groupBy is "model" or "project" ? groupBy : "agent");
            return Results.File(System.Text.Encoding.UTF8.GetBytes(OverviewCalculator.Csv(report, chart)), "text/csv", $"martin360-{chart}.csv");
        });

    private static bool TryDay(string? text, DateTime fallback, out DateTime day)
    {
        day = fallback;
        return string.IsNullOrEmpty(text) || DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out day);
    }
}

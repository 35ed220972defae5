using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.ViewModels;

/// <summary>The managers' overview: filters (date range, project, bucket, grouping) and the report they give.</summary>
public sealed class OverviewViewModel(OverviewStore store, TimeProvider time)
{
    public static readonly IReadOnlyList<string> Buckets = ["day", "week", "month"];
    public static readonly IReadOnlyList<string> Groupings = ["agent", "model", "project"];

    public DateTime From { get; set; }
    public DateTime To { get; set; }
    public string? Project { get; set; }
    public string Bucket { get; set; } = "day";
    public string GroupBy { get; set; } = "agent";
    public IReadOnlyList<string> Projects { get; private set; } = [];
    public OverviewReport? Report { get; private set; }

    public void SetDefaultRange()
    {
        var today = time.GetUtcNow().UtcDateTime.Date;
        To = today;
        From = today.AddDays(-29);
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Projects = await store.ProjectsAsync(cancellationToken);
        var facts = await store.FactsAsync(DateOnly.FromDateTime(From), DateOnly.FromDateTime(To), Project, cancellationToken);
        Report = OverviewCalculator.Compute(facts, Bucket, GroupBy);
    }

    /// <summary>The address of a chart's data as CSV, with the filters in force.</summary>
    public string CsvUrl(string chart) =>
        $"overview/{chart}.csv?from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&bucket={Bucket}&groupBy={GroupBy}" +
        (string.IsNullOrEmpty(Project) ? "" : "&project=" + Uri.EscapeDataString(Project));

    /// <summary>The runs list filtered to one group of the spend chart.</summary>
    public string RunsUrlFor(string group) => GroupBy switch
    {
        "agent" => "runs?agent=" + Uri.EscapeDataString(group),
        _ => "runs?text=" + Uri.EscapeDataString(group),
    };
}

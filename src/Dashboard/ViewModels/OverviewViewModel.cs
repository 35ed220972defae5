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

    /// <summary>The runs behind the numbers in force: the date range and project of the overview.</summary>
    public string RunsUrl() =>
        $"runs?from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}" + (string.IsNullOrEmpty(Project) ? "" : "&project=" + Uri.EscapeDataString(Project));

    /// <summary>The runs counted as verified successes (the numerator of the success rate).</summary>
    public string VerifiedRunsUrl() => RunsUrl() + "&outcome=verified_success&finished=true";

    /// <summary>The runs counted as finished (the denominator of the success rate).</summary>
    public string FinishedRunsUrl() => RunsUrl() + "&finished=true";

    /// <summary>The runs with a finding of this kind, the ones its wasted USD was spent in.</summary>
    public string WastedRunsUrl(string kind) => RunsUrl() + "&finding=" + Uri.EscapeDataString(kind);

    /// <summary>
    /// The finished runs (or, with <paramref name="verifiedOnly"/>, the verified successes) of one period of the success
    /// chart: the period's days, cut to the overview's range (a week or month can start before it or end after it).
    /// </summary>
    /// <summary>A period's finished runs whose agent claimed it was done.</summary>
    public string PeriodClaimedRunsUrl(DateTime bucket) => PeriodRunsUrl(bucket, verifiedOnly: false) + "&claimed=true";

    public string PeriodRunsUrl(DateTime bucket, bool verifiedOnly)
    {
        var end = Bucket switch
        {
            "week" => bucket.AddDays(6),
            "month" => bucket.AddMonths(1).AddDays(-1),
            _ => bucket,
        };
        var from = bucket < From ? From : bucket;
        var to = end > To ? To : end;
        return $"runs?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}" + (string.IsNullOrEmpty(Project) ? "" : "&project=" + Uri.EscapeDataString(Project))
            + (verifiedOnly ? "&outcome=verified_success" : "") + "&finished=true";
    }

    /// <summary>
    /// The runs behind one group of the spend chart; null for the catch-all groups ("(no model)", "(no project)"),
    /// which no filter selects.
    /// </summary>
    public string? RunsUrlFor(string group) => GroupBy switch
    {
        "agent" => RunsUrl() + "&agent=" + Uri.EscapeDataString(group),
        "model" when group != OverviewCalculator.NoModel => RunsUrl() + "&model=" + Uri.EscapeDataString(group),
        "project" when group != OverviewCalculator.NoProject =>
            $"runs?from={From:yyyy-MM-dd}&to={To:yyyy-MM-dd}&project=" + Uri.EscapeDataString(group),
        _ => null,
    };
}

using System.Globalization;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Analysis.Portfolio;
using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.ViewModels;

/// <summary>Model routing and reliability over the newest finished runs: what each kind of work costs on each model.</summary>
public sealed class RoutingViewModel(OverviewStore overview, TraceStore store, TimeProvider time)
{
    /// <summary>Whole traces are loaded for this page, so it looks at the newest runs only.</summary>
    public const int RunLimit = 300;

    public static readonly IReadOnlyList<int> DayChoices = [7, 30, 90];

    public int Days { get; set; } = 30;

    /// <summary>One project's runs, or every project's when null.</summary>
    public string? Project { get; set; }

    public IReadOnlyList<string> Projects { get; private set; } = [];
    public int RunsAnalysed { get; private set; }
    public PortfolioReport? Report { get; private set; }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Projects = await overview.ProjectsAsync(cancellationToken);
        var to = time.GetUtcNow();
        var project = string.IsNullOrEmpty(Project) ? null : Project;
        var ids = await overview.RecentFinishedRunIdsAsync(to.AddDays(-Days), to.AddSeconds(1), project, RunLimit, cancellationToken);
        var runs = new List<(Trace, AnalysisResult)>(ids.Count);
        foreach (var id in ids)
        {
            var record = await store.GetRunAsync(id, cancellationToken);
            var trace = await store.LoadTraceAsync(id, cancellationToken);
            if (record is not null && trace is not null && RecordMapper.AnalysisOf(record) is { } analysis)
            {
                runs.Add((trace, analysis));
            }
        }

        RunsAnalysed = runs.Count;
        Report = PortfolioAnalyzer.Analyze(runs);
    }

    /// <summary>Models as columns, categories as rows: the cost matrix the page shows.</summary>
    public static (IReadOnlyList<string> Models, IReadOnlyList<(StepCategory Category, IReadOnlyList<CategoryCost?> Cells)> Rows) Matrix(PortfolioReport report)
    {
        var models = report.CategoryCosts.Select(c => c.Model).Distinct().Order(StringComparer.Ordinal).ToArray();
        var rows = report.CategoryCosts
            .GroupBy(c => c.Category)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, (IReadOnlyList<CategoryCost?>)models.Select(m => g.FirstOrDefault(c => c.Model == m)).ToArray()))
            .ToArray();
        return (models, rows);
    }

    public static string Percent(double rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";
}

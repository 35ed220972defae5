using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.ViewModels;

/// <summary>The runs list: filters, server-side pages and the rows they show.</summary>
public sealed class RunsViewModel(TraceStore store, TimeProvider time)
{
    public static readonly IReadOnlyList<string> Statuses = ["running", "completed", "failed", "aborted", "unknown"];

    public string? Status { get; set; }
    public string? Agent { get; set; }
    public string? Text { get; set; }
    public IReadOnlyList<string> Agents { get; private set; } = [];

    public async Task LoadFiltersAsync(CancellationToken cancellationToken) =>
        Agents = await store.DistinctAgentsAsync(cancellationToken);

    public async Task<(IReadOnlyList<RunRow> Rows, int Total)> LoadPageAsync(int skip, int take, CancellationToken cancellationToken)
    {
        var page = await store.QueryRunsAsync(new RunQuery { Status = Status, Agent = Agent, Text = Text, Skip = skip, Take = take }, cancellationToken);
        return (page.Items.Select(ToRow).ToArray(), page.Total);
    }

    public RunRow ToRow(RunRecord run)
    {
        var start = run.StartedAtMs ?? run.CreatedAtMs;
        var end = run.EndedAtMs ?? (run.Status == "running" ? time.GetUtcNow().ToUnixTimeMilliseconds() : run.LastStepAtMs ?? start);
        return new RunRow
        {
            Id = run.Id,
            Title = run.TaskTitle ?? run.Id,
            Agent = run.AgentName ?? run.SourceFormat,
            Project = run.Project,
            Status = run.Status,
            Outcome = run.Outcome ?? (run.Status == "running" ? "in_progress" : "unknown"),
            StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(start),
            Duration = TimeSpan.FromMilliseconds(Math.Max(0, end - start)),
            Steps = run.StepCount,
            Tokens = run.TotalTokens,
            Cost = Display.Cost(run.CostUsd, run.CostProvenance),
            Findings = run.FindingCount,
            TopFinding = run.TopFinding,
            IsDemo = run.IsDemo,
            StopRequested = run.StopRequested,
            PendingApprovals = run.PendingApprovals,
        };
    }
}

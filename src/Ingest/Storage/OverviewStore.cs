using Microsoft.EntityFrameworkCore;

namespace Martin360.Ingest.Storage;

/// <summary>Reads what the overview aggregates: slim run rows in a date range, for one project or all.</summary>
public sealed class OverviewStore(IDbContextFactory<Martin360DbContext> contexts)
{
    public async Task<IReadOnlyList<OverviewRun>> RunsAsync(DateTimeOffset from, DateTimeOffset to, string? project, CancellationToken cancellationToken)
    {
        var fromMs = from.ToUnixTimeMilliseconds();
        var toMs = to.ToUnixTimeMilliseconds();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = db.Runs.AsNoTracking().Where(r => (r.StartedAtMs ?? r.CreatedAtMs) >= fromMs && (r.StartedAtMs ?? r.CreatedAtMs) < toMs);
        if (!string.IsNullOrEmpty(project))
        {
            runs = runs.Where(r => r.Project == project);
        }

        return await runs
            .Select(r => new OverviewRun(r.Id, r.TaskTitle, r.StartedAtMs ?? r.CreatedAtMs, r.AgentName ?? r.SourceFormat, r.Models, r.Project, r.Status,
                r.Outcome, r.CostUsd, r.TotalTokens, r.WastedUsd, r.FindingsJson, r.VerificationJson, r.BudgetJson))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Ids of the newest finished runs in range, for analyses that need whole traces (routing, reliability).</summary>
    public async Task<IReadOnlyList<string>> RecentFinishedRunIdsAsync(DateTimeOffset from, DateTimeOffset to, string? project, int limit, CancellationToken cancellationToken)
    {
        var fromMs = from.ToUnixTimeMilliseconds();
        var toMs = to.ToUnixTimeMilliseconds();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = db.Runs.AsNoTracking().Where(r => r.Status != "running" && (r.StartedAtMs ?? r.CreatedAtMs) >= fromMs && (r.StartedAtMs ?? r.CreatedAtMs) < toMs);
        if (!string.IsNullOrEmpty(project))
        {
            runs = runs.Where(r => r.Project == project);
        }

        return await runs.OrderByDescending(r => r.StartedAtMs ?? r.CreatedAtMs).ThenBy(r => r.Id).Take(limit).Select(r => r.Id).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ProjectsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Runs.AsNoTracking().Where(r => r.Project != null).Select(r => r.Project!).Distinct().OrderBy(p => p).ToListAsync(cancellationToken);
    }
}

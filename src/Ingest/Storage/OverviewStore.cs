using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Ingest.Policies;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Martin360.Ingest.Storage;

/// <summary>
/// Reads what the overview shows: the day rollups and top-runs lists for a date range, for one project or all. The
/// rollups (OverviewDays, OverviewWaste) are kept by triggers on Runs, see the DashboardRollups migration.
/// </summary>
public sealed class OverviewStore(IDbContextFactory<Martin360DbContext> contexts, PolicyStore policies)
{
    /// <summary>How many runs the budget-burn and unfinished lists hold.</summary>
    public const int TopRuns = 10;

    private const long DayMs = 86_400_000;
    private static readonly int s_epochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    // A run's time is its start, else its creation. Spelled out as two ranges, not COALESCE, so both halves can seek
    // an index that starts (StartedAtMs, CreatedAtMs).
    private const string InRange =
        """(("StartedAtMs" >= $from AND "StartedAtMs" < $to) OR ("StartedAtMs" IS NULL AND "CreatedAtMs" >= $from AND "CreatedAtMs" < $to))""";

    /// <summary>The overview's facts for the UTC days <paramref name="from"/> to <paramref name="to"/>, both included.</summary>
    public async Task<OverviewFacts> FactsAsync(DateOnly from, DateOnly to, string? project, CancellationToken cancellationToken)
    {
        var fromDay = from.DayNumber - s_epochDay;
        var toDay = to.DayNumber - s_epochDay + 1;
        var byProject = string.IsNullOrEmpty(project) ? "" : """ AND "Project" = $project""";

        // On runs, the project is checked inside the index the query scans (unary + keeps SQLite from seeking
        // IX_Runs_Project instead, then reading every run of the project from the table: measured 140 ms at 22k runs).
        var runsByProject = string.IsNullOrEmpty(project) ? "" : """ AND +"Project" = $project""";
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();

        var days = await ReadAsync(connection, $"""
            SELECT "Day", "Agent", "Model", "Project", "Runs", "Finished", "Verified", "Claimed", "CostUsd", "Tokens"
            FROM "OverviewDays" WHERE "Day" >= $from AND "Day" < $to{byProject}
            """, fromDay, toDay, project, r => new OverviewDay(DateTime.UnixEpoch.AddDays(r.GetInt64(0)), r.GetString(1), NullIfEmpty(r.GetString(2)),
                NullIfEmpty(r.GetString(3)), r.GetInt32(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7), r.GetDouble(8), r.GetInt64(9)), cancellationToken);

        var waste = await ReadAsync(connection, $"""
            SELECT "Kind", SUM("WastedUsd"), SUM("Runs") FROM "OverviewWaste" WHERE "Day" >= $from AND "Day" < $to{byProject} GROUP BY "Kind"
            """, fromDay, toDay, project, r => new OverviewWaste(KindName(r.GetValue(0)), r.GetDouble(1), r.GetInt32(2)), cancellationToken);

        var (budgetSql, budgetParameters) = BudgetBurnQuery(runsByProject);
        var budget = await ReadAsync(connection, budgetSql, fromDay * DayMs, toDay * DayMs, project,
            r => new OverviewBudgetRun(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetDouble(2), r.GetDouble(3)), cancellationToken, budgetParameters);

        var unfinished = await ReadAsync(connection, $"""
            SELECT "Id", "TaskTitle", COALESCE("AgentName", "SourceFormat"), COALESCE("CostUsd", 0), "TotalTokens" FROM "Runs"
            WHERE "Status" = 'running' AND {InRange}{runsByProject}
            ORDER BY COALESCE("CostUsd", 0) DESC, "Id" LIMIT {TopRuns}
            """, fromDay * DayMs, toDay * DayMs, project,
            r => new OverviewUnfinishedRun(r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.GetDouble(3), r.GetInt64(4)), cancellationToken);

        return new OverviewFacts { Days = days, Waste = waste, BudgetBurn = budget, Unfinished = unfinished };
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

    /// <summary>
    /// The runs closest to (or past) their USD budget: the run's own (hard, else soft) or its project's policy budget,
    /// whichever is lower, as the verdict applies both. Without any policy USD budget, only runs with their own are read
    /// (from IX_Runs_BudgetBurn's BudgetUsd); with one, every run in range is weighed against its project's limit.
    /// </summary>
    private (string Sql, IReadOnlyList<(string Name, object Value)> Parameters) BudgetBurnQuery(string runsByProject)
    {
        var limits = policies.Projects().Where(p => p != Policy.DefaultProject)
            .Select(p => (Project: p, Usd: UsdLimit(policies.For(p).Budget)))
            .ToList();
        var defaultUsd = UsdLimit(policies.For(null).Budget);
        if (defaultUsd is null && limits.All(l => l.Usd is null))
        {
            return ($"""
                SELECT "Id", "TaskTitle", COALESCE("CostUsd", 0), "BudgetUsd" FROM "Runs"
                WHERE {InRange}{runsByProject} AND "BudgetUsd" > 0
                ORDER BY COALESCE("CostUsd", 0) * 100 / "BudgetUsd" DESC, "Id" LIMIT {TopRuns}
                """, []);
        }

        var parameters = new List<(string Name, object Value)>();
        var cases = new System.Text.StringBuilder();
        for (var i = 0; i < limits.Count; i++)
        {
            cases.Append($""" WHEN $policyProject{i} THEN $policyUsd{i}""");
            parameters.Add(($"$policyProject{i}", limits[i].Project));
            parameters.Add(($"$policyUsd{i}", (object?)limits[i].Usd ?? DBNull.Value));
        }

        parameters.Add(("$policyDefaultUsd", (object?)defaultUsd ?? DBNull.Value));
        var policyLimit = limits.Count == 0 ? "$policyDefaultUsd" : $"""(CASE "Project"{cases} ELSE $policyDefaultUsd END)""";
        return ($"""
            SELECT "Id", "TaskTitle", "Cost", "Limit" FROM (
                SELECT "Id", "TaskTitle", COALESCE("CostUsd", 0) AS "Cost",
                    CASE WHEN "BudgetUsd" > 0 AND ({policyLimit} IS NULL OR "BudgetUsd" <= {policyLimit}) THEN "BudgetUsd" ELSE {policyLimit} END AS "Limit"
                FROM "Runs" WHERE {InRange}{runsByProject})
            WHERE "Limit" > 0
            ORDER BY "Cost" * 100 / "Limit" DESC, "Id" LIMIT {TopRuns}
            """, parameters);
    }

    private static double? UsdLimit(RunBudget budget) => (budget.HardUsd ?? budget.SoftUsd) is { } usd && usd > 0 ? (double)usd : null;

    private static async Task<IReadOnlyList<T>> ReadAsync<T>(SqliteConnection connection, string sql, long from, long to, string? project,
        Func<SqliteDataReader, T> read, CancellationToken cancellationToken, IReadOnlyList<(string Name, object Value)>? parameters = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        if (!string.IsNullOrEmpty(project))
        {
            command.Parameters.AddWithValue("$project", project);
        }

        foreach (var (name, value) in parameters ?? [])
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    // The rollup keeps a finding's kind as stored in FindingsJson: the enum's number.
    private static string KindName(object kind) => kind switch
    {
        long number when Enum.IsDefined((FindingKind)number) => ((FindingKind)number).ToWire(),
        string name => name,
        _ => Convert.ToString(kind, System.Globalization.CultureInfo.InvariantCulture) ?? "unknown",
    };
}

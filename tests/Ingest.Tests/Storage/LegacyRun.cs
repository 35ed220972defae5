using System.Text.Json;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Ingest.Storage;
using Microsoft.Data.Sqlite;

namespace Martin360.Ingest.Tests.Storage;

/// <summary>
/// A run as an earlier version wrote it, inserted with SQL into a store migrated only part way: today's model has
/// columns such a store does not, so it cannot be written through EF. Only columns every migration has are set.
/// </summary>
internal sealed record LegacyRun
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public required string Id { get; init; }
    public string Status { get; init; } = "running";
    public DateTimeOffset? StartedAt { get; init; }
    public string? Agent { get; init; }
    public string? Project { get; init; }
    public RunBudget? Budget { get; init; }
    public double? CostUsd { get; init; }
    public string? Models { get; init; }
    public string? Outcome { get; init; }
    public VerificationRecord? Verification { get; init; }
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    public async Task InsertAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO "Runs" ("Id", "SourceFormat", "Status", "StartedAtMs", "EndedAtMs", "AgentName", "Project", "TaskTitle",
                "BudgetJson", "CostUsd", "CostProvenance", "Models", "CreatedAtMs", "UpdatedAtMs", "Outcome", "VerificationJson",
                "FindingsJson", "FindingCount", "WastedUsd", "TopFinding")
            VALUES ($id, 'martin360/v1', $status, $started, $ended, $agent, $project, $title, $budget, $cost, $provenance, $models,
                $started, $started, $outcome, $verification, $findings, $findingCount, $wasted, $top);
            """;
        var startedMs = StartedAt?.ToUnixTimeMilliseconds() ?? 0;
        command.Parameters.AddWithValue("$id", Id);
        command.Parameters.AddWithValue("$status", Status);
        command.Parameters.AddWithValue("$started", startedMs);
        command.Parameters.AddWithValue("$ended", Status == "running" ? DBNull.Value : startedMs + 60_000);
        command.Parameters.AddWithValue("$agent", (object?)Agent ?? DBNull.Value);
        command.Parameters.AddWithValue("$project", (object?)Project ?? DBNull.Value);
        command.Parameters.AddWithValue("$title", "Task " + Id);
        command.Parameters.AddWithValue("$budget", Budget is null ? DBNull.Value : RecordMapper.BudgetJson(Budget) ?? (object)DBNull.Value);
        command.Parameters.AddWithValue("$cost", (object?)CostUsd ?? DBNull.Value);
        command.Parameters.AddWithValue("$provenance", CostUsd is null ? "unknown" : "reported");
        command.Parameters.AddWithValue("$models", (object?)Models ?? DBNull.Value);
        command.Parameters.AddWithValue("$outcome", (object?)Outcome ?? DBNull.Value);
        command.Parameters.AddWithValue("$verification", Verification is null ? DBNull.Value : JsonSerializer.Serialize(Verification, s_json));
        command.Parameters.AddWithValue("$findings", Findings.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(Findings, s_json));
        command.Parameters.AddWithValue("$findingCount", Findings.Count);
        command.Parameters.AddWithValue("$wasted", (double)Findings.Sum(f => f.WastedUsd));
        command.Parameters.AddWithValue("$top", (object?)Findings.FirstOrDefault()?.Summary ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }
}

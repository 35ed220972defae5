using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Martin360.Ingest.Storage.Migrations;

/// <summary>
/// What keeps the Overview and Triage pages fast at 100k runs (bench: overview-triage). Hand-written SQL, see <see cref="Init"/>.
/// <list type="bullet">
/// <item>The overview summed every run in range in C# after parsing its JSON: 1.1 s for 30 days, 2.7 s for 90 days. Now it
/// reads two rollups, <c>OverviewDays</c> (runs, outcomes, cost and tokens per UTC day, agent, first model and project) and
/// <c>OverviewWaste</c> (wasted USD and runs per UTC day, project and finding kind), whose size does not grow with the
/// number of runs. Triggers on <c>Runs</c> keep them exact on every insert, update and delete, whoever writes; existing
/// runs are summed in once here.</item>
/// <item><c>BudgetUsd</c> (a run's hard USD budget, else its soft one; kept from BudgetJson by triggers) and a covering
/// index over the run's start time for the budget-burn list. Not a generated column: SQLite does not read a VIRTUAL
/// column from an index, so every candidate run was read from the table (measured: 150-280 ms for 30 days).</item>
/// <item>Triage: its order (most wasted first) as an index, so the first page reads 200 rows instead of sorting every
/// run that needs a human; and a covering index for counting the queue.</item>
/// </list>
/// </summary>
[DbContext(typeof(Martin360DbContext))]
[Migration("20261122040000_DashboardRollups")]
public sealed class DashboardRollups : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql($"""
            ALTER TABLE "Runs" ADD COLUMN "BudgetUsd" REAL NULL;
            UPDATE "Runs" SET "BudgetUsd" = {BudgetUsd("Runs")} WHERE "BudgetJson" IS NOT NULL;
            CREATE TRIGGER "TR_Runs_BudgetUsd_Insert" AFTER INSERT ON "Runs" WHEN NEW."BudgetJson" IS NOT NULL BEGIN
                UPDATE "Runs" SET "BudgetUsd" = {BudgetUsd("NEW")} WHERE "Id" = NEW."Id";
            END;
            CREATE TRIGGER "TR_Runs_BudgetUsd_Update" AFTER UPDATE OF "BudgetJson" ON "Runs" BEGIN
                UPDATE "Runs" SET "BudgetUsd" = {BudgetUsd("NEW")} WHERE "Id" = NEW."Id";
            END;
            CREATE INDEX "IX_Runs_BudgetBurn" ON "Runs" ("StartedAtMs", "CreatedAtMs", "Project", "BudgetUsd", "CostUsd", "Id", "TaskTitle");

            DROP INDEX "IX_Runs_WastedUsd";
            CREATE INDEX "IX_Runs_TriageOrder" ON "Runs" ("WastedUsd" DESC, "FindingCount" DESC, COALESCE("StartedAtMs", "CreatedAtMs") DESC, "Id");
            CREATE INDEX "IX_Runs_Status_Outcome_FindingCount_PendingApprovals_Id" ON "Runs" ("Status", "Outcome", "FindingCount", "PendingApprovals", "Id");

            CREATE TABLE "OverviewDays" (
                "Day" INTEGER NOT NULL,
                "Agent" TEXT NOT NULL,
                "Model" TEXT NOT NULL,
                "Project" TEXT NOT NULL,
                "Runs" INTEGER NOT NULL,
                "Finished" INTEGER NOT NULL,
                "Verified" INTEGER NOT NULL,
                "Claimed" INTEGER NOT NULL,
                "CostUsd" REAL NOT NULL,
                "Tokens" INTEGER NOT NULL,
                CONSTRAINT "PK_OverviewDays" PRIMARY KEY ("Day", "Agent", "Model", "Project")
            ) WITHOUT ROWID;

            CREATE TABLE "OverviewWaste" (
                "Day" INTEGER NOT NULL,
                "Project" TEXT NOT NULL,
                "Kind" INTEGER NOT NULL,
                "WastedUsd" REAL NOT NULL,
                "Runs" INTEGER NOT NULL,
                CONSTRAINT "PK_OverviewWaste" PRIMARY KEY ("Day", "Project", "Kind")
            ) WITHOUT ROWID;

            INSERT INTO "OverviewDays"
            SELECT {Day("r")}, {Agent("r")}, {Model("r")}, {Project("r")}, COUNT(*), SUM({Finished("r")}), SUM({Verified("r")}), SUM({Claimed("r")}),
                   SUM(COALESCE("r"."CostUsd", 0)), SUM("r"."TotalTokens")
            FROM "Runs" AS "r" WHERE true
            GROUP BY 1, 2, 3, 4;

            INSERT INTO "OverviewWaste"
            SELECT {Day("r")}, {Project("r")}, json_extract("f"."value", '$.kind'), SUM(COALESCE(json_extract("f"."value", '$.wastedUsd'), 0)), COUNT(DISTINCT "r"."Id")
            FROM "Runs" AS "r", json_each({Findings("r")}) AS "f"
            WHERE json_extract("f"."value", '$.kind') IS NOT NULL
            GROUP BY 1, 2, 3;

            {Triggers("OverviewDays", ["StartedAtMs", "CreatedAtMs", "AgentName", "SourceFormat", "Models", "Project", "Status", "Outcome", "VerificationJson", "CostUsd", "TotalTokens"], AddDay)}
            {Triggers("OverviewWaste", ["StartedAtMs", "CreatedAtMs", "Project", "FindingsJson"], AddWaste)}
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TRIGGER "TR_Runs_OverviewWaste_Delete";
            DROP TRIGGER "TR_Runs_OverviewWaste_Update";
            DROP TRIGGER "TR_Runs_OverviewWaste_Insert";
            DROP TRIGGER "TR_Runs_OverviewDays_Delete";
            DROP TRIGGER "TR_Runs_OverviewDays_Update";
            DROP TRIGGER "TR_Runs_OverviewDays_Insert";
            DROP TABLE "OverviewWaste";
            DROP TABLE "OverviewDays";
            DROP INDEX "IX_Runs_Status_Outcome_FindingCount_PendingApprovals_Id";
            DROP INDEX "IX_Runs_TriageOrder";
            CREATE INDEX "IX_Runs_WastedUsd" ON "Runs" ("WastedUsd");
            DROP INDEX "IX_Runs_BudgetBurn";
            DROP TRIGGER "TR_Runs_BudgetUsd_Update";
            DROP TRIGGER "TR_Runs_BudgetUsd_Insert";
            ALTER TABLE "Runs" DROP COLUMN "BudgetUsd";
            """);
    }

    /// <summary>
    /// A rollup's triggers: an inserted run adds its share, a deleted one takes it away, and an update of any column the
    /// rollup reads does both (the new share first, so a run that stays in its cell never empties it).
    /// </summary>
    private static string Triggers(string rollup, string[] columns, Func<string, int, string> add) => $"""
        CREATE TRIGGER "TR_Runs_{rollup}_Insert" AFTER INSERT ON "Runs" BEGIN
            {add("NEW", 1)}
        END;
        CREATE TRIGGER "TR_Runs_{rollup}_Update" AFTER UPDATE OF {string.Join(", ", columns.Select(c => $"\"{c}\""))} ON "Runs" BEGIN
            {add("NEW", 1)}
            {add("OLD", -1)}
        END;
        CREATE TRIGGER "TR_Runs_{rollup}_Delete" AFTER DELETE ON "Runs" BEGIN
            {add("OLD", -1)}
        END;
        """;

    // The run's UTC day, as the overview buckets it: floor(ms / 1 day) of its start, or of its creation when it has no start.
    private static string Day(string run) =>
        $"""(COALESCE({run}."StartedAtMs", {run}."CreatedAtMs") / 86400000 - (COALESCE({run}."StartedAtMs", {run}."CreatedAtMs") % 86400000 < 0))""";

    // A run's USD budget as the overview measures burn against it: the hard limit, else the soft one.
    private static string BudgetUsd(string run) =>
        $"""CASE WHEN json_valid({run}."BudgetJson") THEN COALESCE(json_extract({run}."BudgetJson", '$.hardUsd'), json_extract({run}."BudgetJson", '$.softUsd')) END""";

    private static string Agent(string run) => $"""COALESCE({run}."AgentName", {run}."SourceFormat")""";

    // Models is the run's sorted, comma-separated list; the overview groups by the first.
    private static string Model(string run) =>
        $"""CASE WHEN instr({run}."Models", ',') > 0 THEN substr({run}."Models", 1, instr({run}."Models", ',') - 1) ELSE COALESCE({run}."Models", '') END""";

    private static string Project(string run) => $"""COALESCE({run}."Project", '')""";

    private static string Finished(string run) => $"""({run}."Status" <> 'running')""";

    private static string Verified(string run) => $"""({run}."Status" <> 'running' AND {run}."Outcome" IS 'verified_success')""";

    private static string Claimed(string run) =>
        $"""({run}."Status" <> 'running' AND json_valid({run}."VerificationJson") AND COALESCE(json_extract({run}."VerificationJson", '$.claimedDone'), 0) = 1)""";

    // Malformed JSON must not fail the write that stored it; it simply contributes no findings.
    private static string Findings(string run) => $"""CASE WHEN json_valid({run}."FindingsJson") THEN {run}."FindingsJson" END""";

    /// <summary>Adds (sign 1) or takes away (sign -1) one run's share of its OverviewDays cell; a cell left with no runs goes.</summary>
    private static string AddDay(string run, int sign) => $"""
        INSERT INTO "OverviewDays" VALUES ({Day(run)}, {Agent(run)}, {Model(run)}, {Project(run)},
            {sign}, {sign} * {Finished(run)}, {sign} * {Verified(run)}, {sign} * {Claimed(run)}, {sign} * COALESCE({run}."CostUsd", 0), {sign} * {run}."TotalTokens")
        ON CONFLICT DO UPDATE SET "Runs" = "Runs" + excluded."Runs", "Finished" = "Finished" + excluded."Finished",
            "Verified" = "Verified" + excluded."Verified", "Claimed" = "Claimed" + excluded."Claimed",
            "CostUsd" = "CostUsd" + excluded."CostUsd", "Tokens" = "Tokens" + excluded."Tokens";
        DELETE FROM "OverviewDays" WHERE "Day" = {Day(run)} AND "Agent" = {Agent(run)} AND "Model" = {Model(run)} AND "Project" = {Project(run)} AND "Runs" = 0;
        """;

    /// <summary>Adds or takes away one run's wasted USD per finding kind (and the run, once per kind) in its OverviewWaste cells.</summary>
    private static string AddWaste(string run, int sign) => $"""
        INSERT INTO "OverviewWaste"
        SELECT {Day(run)}, {Project(run)}, json_extract("f"."value", '$.kind'), {sign} * SUM(COALESCE(json_extract("f"."value", '$.wastedUsd'), 0)), {sign}
        FROM json_each({Findings(run)}) AS "f"
        WHERE json_extract("f"."value", '$.kind') IS NOT NULL
        GROUP BY 3
        ON CONFLICT DO UPDATE SET "WastedUsd" = "WastedUsd" + excluded."WastedUsd", "Runs" = "Runs" + excluded."Runs";
        DELETE FROM "OverviewWaste" WHERE "Day" = {Day(run)} AND "Project" = {Project(run)} AND "Runs" = 0;
        """;
}

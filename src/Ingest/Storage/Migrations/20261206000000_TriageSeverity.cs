using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Martin360.Ingest.Storage.Migrations;

/// <summary>
/// Triage sorts by severity after wasted USD, and takes in running runs in trouble. <c>SeverityRank</c> is the run's worst
/// finding (0 none, 1 info, 2 warning, 3 critical), kept with the findings; existing runs get theirs from FindingsJson here.
/// The triage order index and the queue's covering index gain it. Hand-written SQL, see <see cref="Init"/>.
/// </summary>
[DbContext(typeof(Martin360DbContext))]
[Migration("20261206000000_TriageSeverity")]
public sealed class TriageSeverity : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            ALTER TABLE "Runs" ADD COLUMN "SeverityRank" INTEGER NOT NULL DEFAULT 0;
            UPDATE "Runs" SET "SeverityRank" = COALESCE(
                (SELECT MAX(json_extract(f.value, '$.severity')) + 1 FROM json_each("Runs"."FindingsJson") AS f), 0)
            WHERE "FindingsJson" IS NOT NULL AND json_valid("FindingsJson");

            DROP INDEX "IX_Runs_TriageOrder";
            CREATE INDEX "IX_Runs_TriageOrder" ON "Runs" ("WastedUsd" DESC, "SeverityRank" DESC, "FindingCount" DESC, COALESCE("StartedAtMs", "CreatedAtMs") DESC, "Id");
            DROP INDEX "IX_Runs_Status_Outcome_FindingCount_PendingApprovals_Id";
            CREATE INDEX "IX_Runs_Status_Outcome_FindingCount_SeverityRank_PendingApprovals_Id" ON "Runs" ("Status", "Outcome", "FindingCount", "SeverityRank", "PendingApprovals", "Id");
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP INDEX "IX_Runs_Status_Outcome_FindingCount_SeverityRank_PendingApprovals_Id";
            CREATE INDEX "IX_Runs_Status_Outcome_FindingCount_PendingApprovals_Id" ON "Runs" ("Status", "Outcome", "FindingCount", "PendingApprovals", "Id");
            DROP INDEX "IX_Runs_TriageOrder";
            CREATE INDEX "IX_Runs_TriageOrder" ON "Runs" ("WastedUsd" DESC, "FindingCount" DESC, COALESCE("StartedAtMs", "CreatedAtMs") DESC, "Id");
            ALTER TABLE "Runs" DROP COLUMN "SeverityRank";
            """);
    }
}

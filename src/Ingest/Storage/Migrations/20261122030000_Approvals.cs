using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Martin360.Ingest.Storage.Migrations;

/// <summary>
/// Approvals a run's policy asked for, with the humans' decisions, kept on the run; and the count still pending, which
/// Triage filters on. Hand-written SQL, see <see cref="Init"/>.
/// </summary>
[DbContext(typeof(Martin360DbContext))]
[Migration("20261122030000_Approvals")]
public sealed class Approvals : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            ALTER TABLE "Runs" ADD COLUMN "ApprovalsJson" TEXT NULL;
            ALTER TABLE "Runs" ADD COLUMN "PendingApprovals" INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX "IX_Runs_PendingApprovals" ON "Runs" ("PendingApprovals");
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP INDEX "IX_Runs_PendingApprovals";
            ALTER TABLE "Runs" DROP COLUMN "ApprovalsJson";
            ALTER TABLE "Runs" DROP COLUMN "PendingApprovals";
            """);
    }
}

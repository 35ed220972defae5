using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Martin360.Ingest.Storage.Migrations;

/// <summary>Triage state per run (reviewed, note, assignee). Hand-written SQL, see <see cref="Init"/>.</summary>
[DbContext(typeof(Martin360DbContext))]
[Migration("20261122020000_Reviews")]
public sealed class Reviews : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE "Reviews" (
                "RunId" TEXT NOT NULL CONSTRAINT "PK_Reviews" PRIMARY KEY,
                "Reviewed" INTEGER NOT NULL DEFAULT 0,
                "ReviewedBy" TEXT NULL,
                "ReviewedAtMs" INTEGER NULL,
                "Note" TEXT NULL,
                "AssignedTo" TEXT NULL,
                "UpdatedAtMs" INTEGER NOT NULL
            );
            CREATE INDEX "IX_Runs_WastedUsd" ON "Runs" ("WastedUsd");
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP INDEX "IX_Runs_WastedUsd";
            DROP TABLE "Reviews";
            """);
    }
}

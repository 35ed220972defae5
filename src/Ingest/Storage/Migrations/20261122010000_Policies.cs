using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Martin360.Ingest.Storage.Migrations;

/// <summary>Versioned policies per project, and what policies found and decided on each run. Hand-written like <see cref="Init"/>.</summary>
[DbContext(typeof(Martin360DbContext))]
[Migration("20261122010000_Policies")]
public sealed class Policies : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE "PolicyVersions" (
                "Id" INTEGER NOT NULL CONSTRAINT "PK_PolicyVersions" PRIMARY KEY AUTOINCREMENT,
                "Project" TEXT NOT NULL,
                "Version" INTEGER NOT NULL,
                "PolicyJson" TEXT NOT NULL,
                "Author" TEXT NOT NULL,
                "ChangeSummary" TEXT NOT NULL,
                "CreatedAtMs" INTEGER NOT NULL
            );
            CREATE UNIQUE INDEX "IX_PolicyVersions_Project_Version" ON "PolicyVersions" ("Project", "Version");

            ALTER TABLE "Runs" ADD COLUMN "PolicyFindingsJson" TEXT NULL;
            ALTER TABLE "Runs" ADD COLUMN "PolicyStopReason" TEXT NULL;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TABLE "PolicyVersions";
            ALTER TABLE "Runs" DROP COLUMN "PolicyFindingsJson";
            ALTER TABLE "Runs" DROP COLUMN "PolicyStopReason";
            """);
    }
}

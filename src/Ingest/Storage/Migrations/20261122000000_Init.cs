using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Martin360.Ingest.Storage.Migrations;

/// <summary>
/// The first schema. Hand-written: the EF design-time package cannot restore here (see PLATFORM.md),
/// so migrations are SQL kept in step with <see cref="Martin360DbContext"/> by the store tests.
/// </summary>
[DbContext(typeof(Martin360DbContext))]
[Migration("20261122000000_Init")]
public sealed class Init : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE "Runs" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_Runs" PRIMARY KEY,
                "SourceFormat" TEXT NOT NULL,
                "AgentName" TEXT NULL,
                "AgentVersion" TEXT NULL,
                "Project" TEXT NULL,
                "Repository" TEXT NULL,
                "Branch" TEXT NULL,
                "TaskTitle" TEXT NULL,
                "TaskObjective" TEXT NULL,
                "StartedAtMs" INTEGER NULL,
                "EndedAtMs" INTEGER NULL,
                "Status" TEXT NOT NULL,
                "ExitReason" TEXT NULL,
                "ParentRunId" TEXT NULL,
                "AgentRole" TEXT NULL,
                "BudgetJson" TEXT NULL,
                "ReportedInputTokens" INTEGER NOT NULL DEFAULT 0,
                "ReportedOutputTokens" INTEGER NOT NULL DEFAULT 0,
                "ReportedCacheReadTokens" INTEGER NOT NULL DEFAULT 0,
                "ReportedCacheWriteTokens" INTEGER NOT NULL DEFAULT 0,
                "ReportedReasoningTokens" INTEGER NOT NULL DEFAULT 0,
                "ReportedCostUsd" REAL NULL,
                "InputTokens" INTEGER NOT NULL DEFAULT 0,
                "OutputTokens" INTEGER NOT NULL DEFAULT 0,
                "CacheReadTokens" INTEGER NOT NULL DEFAULT 0,
                "CacheWriteTokens" INTEGER NOT NULL DEFAULT 0,
                "ReasoningTokens" INTEGER NOT NULL DEFAULT 0,
                "TotalTokens" INTEGER NOT NULL DEFAULT 0,
                "CostUsd" REAL NULL,
                "CostProvenance" TEXT NOT NULL,
                "IsDemo" INTEGER NOT NULL DEFAULT 0,
                "StepCount" INTEGER NOT NULL DEFAULT 0,
                "Models" TEXT NULL,
                "CreatedAtMs" INTEGER NOT NULL,
                "UpdatedAtMs" INTEGER NOT NULL,
                "LastStepAtMs" INTEGER NULL,
                "StopRequested" INTEGER NOT NULL DEFAULT 0,
                "StopRequestedBy" TEXT NULL,
                "StopRequestedAtMs" INTEGER NULL,
                "Outcome" TEXT NULL,
                "VerificationJson" TEXT NULL,
                "FindingsJson" TEXT NULL,
                "RecommendationsJson" TEXT NULL,
                "FindingCount" INTEGER NOT NULL DEFAULT 0,
                "WastedUsd" REAL NOT NULL DEFAULT 0,
                "TopFinding" TEXT NULL,
                "AnalyzedStepCount" INTEGER NOT NULL DEFAULT 0,
                "Redactions" INTEGER NOT NULL DEFAULT 0,
                "RedactionsJson" TEXT NULL
            );
            CREATE INDEX "IX_Runs_UpdatedAtMs" ON "Runs" ("UpdatedAtMs");
            CREATE INDEX "IX_Runs_StartedAtMs" ON "Runs" ("StartedAtMs");
            CREATE INDEX "IX_Runs_Status" ON "Runs" ("Status");
            CREATE INDEX "IX_Runs_AgentName" ON "Runs" ("AgentName");
            CREATE INDEX "IX_Runs_Project" ON "Runs" ("Project");
            CREATE INDEX "IX_Runs_Outcome" ON "Runs" ("Outcome");
            CREATE INDEX "IX_Runs_ParentRunId" ON "Runs" ("ParentRunId");

            CREATE TABLE "Steps" (
                "RunId" TEXT NOT NULL,
                "StepId" TEXT NOT NULL,
                "Sequence" INTEGER NOT NULL,
                "Kind" TEXT NOT NULL,
                "ParentStepId" TEXT NULL,
                "Agent" TEXT NULL,
                "Role" TEXT NULL,
                "TimestampMs" INTEGER NULL,
                "DurationMs" REAL NULL,
                "Name" TEXT NULL,
                "Model" TEXT NULL,
                "InputTokens" INTEGER NOT NULL DEFAULT 0,
                "OutputTokens" INTEGER NOT NULL DEFAULT 0,
                "CacheReadTokens" INTEGER NOT NULL DEFAULT 0,
                "CacheWriteTokens" INTEGER NOT NULL DEFAULT 0,
                "ReasoningTokens" INTEGER NOT NULL DEFAULT 0,
                "CostUsd" REAL NULL,
                "CostProvenance" TEXT NOT NULL,
                "Command" TEXT NULL,
                "ExitCode" INTEGER NULL,
                "IsError" INTEGER NOT NULL DEFAULT 0,
                "FilesJson" TEXT NULL,
                "VerifierJson" TEXT NULL,
                "Input" TEXT NULL,
                "Output" TEXT NULL,
                "Truncated" INTEGER NOT NULL DEFAULT 0,
                CONSTRAINT "PK_Steps" PRIMARY KEY ("RunId", "StepId")
            );
            CREATE INDEX "IX_Steps_RunId_Sequence" ON "Steps" ("RunId", "Sequence");

            CREATE TABLE "ApiKeys" (
                "Id" TEXT NOT NULL CONSTRAINT "PK_ApiKeys" PRIMARY KEY,
                "Name" TEXT NOT NULL,
                "Prefix" TEXT NOT NULL,
                "Hash" TEXT NOT NULL,
                "CreatedAtMs" INTEGER NOT NULL,
                "LastUsedAtMs" INTEGER NULL,
                "RevokedAtMs" INTEGER NULL
            );
            CREATE UNIQUE INDEX "IX_ApiKeys_Hash" ON "ApiKeys" ("Hash");
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            DROP TABLE "ApiKeys";
            DROP TABLE "Steps";
            DROP TABLE "Runs";
            """);
    }
}

using Microsoft.EntityFrameworkCore;

namespace Martin360.Ingest.Storage;

public sealed class Martin360DbContext(DbContextOptions<Martin360DbContext> options) : DbContext(options)
{
    public DbSet<RunRecord> Runs => Set<RunRecord>();
    public DbSet<StepRecord> Steps => Set<StepRecord>();
    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();
    public DbSet<ReviewRecord> Reviews => Set<ReviewRecord>();
    public DbSet<PolicyVersionRecord> PolicyVersions => Set<PolicyVersionRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RunRecord>(run =>
        {
            // AFTER triggers keep the overview rollups (see the DashboardRollups migration); SQLite's RETURNING cannot be used with them.
            run.ToTable("Runs", table => table.UseSqlReturningClause(false));
            run.HasKey(r => r.Id);
            run.HasIndex(r => r.UpdatedAtMs);
            run.HasIndex(r => r.StartedAtMs);
            run.HasIndex(r => r.Status);
            run.HasIndex(r => r.AgentName);
            run.HasIndex(r => r.Project);
            run.HasIndex(r => r.Outcome);
            run.HasIndex(r => r.ParentRunId);
            run.HasIndex(r => r.PendingApprovals);
            run.HasIndex(r => new { r.Status, r.Outcome, r.FindingCount, r.SeverityRank, r.PendingApprovals, r.Id });

            // Also in the DashboardRollups migration, beyond what the model can say: IX_Runs_TriageOrder (the triage order,
            // with an expression) and IX_Runs_BudgetBurn (over the generated BudgetUsd column, which EF does not map).
        });

        modelBuilder.Entity<StepRecord>(step =>
        {
            step.ToTable("Steps");
            step.HasKey(s => new { s.RunId, s.StepId });
            step.HasIndex(s => new { s.RunId, s.Sequence });
        });

        modelBuilder.Entity<ReviewRecord>(review =>
        {
            review.ToTable("Reviews");
            review.HasKey(r => r.RunId);
        });

        modelBuilder.Entity<ApiKeyRecord>(key =>
        {
            key.ToTable("ApiKeys");
            key.HasKey(k => k.Id);
            key.HasIndex(k => k.Hash).IsUnique();
        });

        modelBuilder.Entity<PolicyVersionRecord>(version =>
        {
            version.ToTable("PolicyVersions");
            version.HasKey(v => v.Id);
            version.HasIndex(v => new { v.Project, v.Version }).IsUnique();
        });
    }
}

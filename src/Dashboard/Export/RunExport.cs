using Martin360.Analysis.Model;
using Martin360.Ingest.Http;
using Martin360.Ingest.Native;

namespace Martin360.Dashboard.Export;

/// <summary>Builds the JSON export of a run from its stored view and steps.</summary>
public static class RunExport
{
    public static RunExportDocument ToDocument(RunView run, IReadOnlyList<Step> steps) => new()
    {
        Run = new RunDto
        {
            Id = run.Id,
            Agent = run.Agent,
            Project = run.Project,
            Repository = run.Repository,
            Branch = run.Branch,
            Task = run.Task,
            StartedAt = run.StartedAt,
            EndedAt = run.EndedAt,
            Status = run.Status,
            ExitReason = run.ExitReason,
            ParentRunId = run.ParentRunId,
            AgentRole = run.AgentRole,
            Budget = run.Budget,
            Tokens = run.Tokens,

            // Only a cost the agent reported belongs in the header: a computed one would come back as "reported" on re-import.
            CostUsd = run.CostProvenance == CostProvenance.Reported.ToWire() ? run.CostUsd : null,
        },
        Steps = steps.Select(ViewMapper.ToDto).ToArray(),
        Analysis = new RunAnalysisDto
        {
            Outcome = run.Outcome,
            Verification = run.Verification,
            Findings = run.Findings ?? [],
            Recommendations = run.Recommendations ?? [],
        },
    };
}

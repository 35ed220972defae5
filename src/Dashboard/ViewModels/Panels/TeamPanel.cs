using Martin360.Analysis.Model;
using Martin360.Ingest.Storage;

namespace Martin360.Dashboard.ViewModels.Panels;

/// <summary>Who did the work in a multi-agent run: the agents inside it, its sub-agent runs and its parent.</summary>
public sealed class TeamPanel
{
    public required IReadOnlyList<TeamRow> Members { get; init; }
    public string? ParentRunId { get; init; }
    public string? ParentTitle { get; init; }

    /// <summary>More than one agent wrote steps, a sub-agent ran, or this run is itself a sub-agent.</summary>
    public bool IsTeam => Members.Count > 1 || ParentRunId is not null;

    public int TotalSteps => Members.Sum(m => m.Steps);

    public double? TotalCostUsd => Members.Any(m => m.CostUsd is not null) ? Members.Sum(m => m.CostUsd ?? 0) : null;

    public static TeamPanel Build(RunRecord run, IReadOnlyList<Step> steps, IReadOnlyList<RunRecord> children, RunRecord? parent)
    {
        var main = run.AgentName ?? "agent";
        var members = steps
            .GroupBy(s => s.Agent ?? main, StringComparer.Ordinal)
            .Select(g => new TeamRow
            {
                Name = g.Key,
                Role = g.Select(s => s.Role).FirstOrDefault(r => r is not null) ?? (g.Key == main ? run.AgentRole : null),
                Steps = g.Count(),
                CostUsd = g.Any(s => s.CostUsd is not null) ? g.Sum(s => (double)(s.CostUsd ?? 0)) : null,
            })
            .ToList();

        // A run whose steps carry no cost but whose header reported one: the main agent carries the reported cost.
        if (members.Count == 1 && members[0].CostUsd is null && run.CostUsd is { } reported)
        {
            members[0] = members[0] with { CostUsd = reported };
        }

        members.AddRange(children.Select(c => new TeamRow
        {
            Name = c.AgentName ?? c.Id,
            Role = c.AgentRole,
            RunId = c.Id,
            Outcome = c.Outcome,
            Steps = c.StepCount,
            CostUsd = c.CostUsd,
        }));

        var totalSteps = members.Sum(m => m.Steps);
        var costed = members.Where(m => m.CostUsd is not null).ToArray();
        var totalCost = costed.Sum(m => m.CostUsd!.Value);
        return new TeamPanel
        {
            Members = members
                .Select(m => m with
                {
                    StepShare = totalSteps == 0 ? 0 : m.Steps / (double)totalSteps,
                    CostShare = totalCost > 0 && m.CostUsd is { } c ? c / totalCost : null,
                })
                .OrderByDescending(m => m.Steps).ThenBy(m => m.Name, StringComparer.Ordinal)
                .ToArray(),
            ParentRunId = run.ParentRunId,
            ParentTitle = parent?.TaskTitle ?? parent?.Id ?? run.ParentRunId,
        };
    }
}

using Martin360.Analysis.Findings;
using Martin360.Ingest.Control;

namespace Martin360.Ingest.Policies;

/// <summary>What a policy says about a run now: the action, why, the violations to record, and the reason when it stops the run.</summary>
public sealed record PolicyEvaluation
{
    public required VerdictAction Action { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>Findings of kind policy_violation; their summaries are stable, so the same violation seen twice is stored once.</summary>
    public required IReadOnlyList<Finding> Violations { get; init; }

    /// <summary>The first reason raised at stop level, or null. Stored with the run: a run a policy stopped stays stopped.</summary>
    public string? StopReason { get; init; }

    /// <summary>The step at which the first stop reason was raised (the new step that caused it, or the last one).</summary>
    public long? StopStep { get; init; }

    /// <summary>What the approval-required patterns asked for; stored with the run, which stays needs_approval until a human decides.</summary>
    public IReadOnlyList<ApprovalRequest> Approvals { get; init; } = [];

    /// <summary>The action without the approval requests (they are judged from the run's stored approvals instead).</summary>
    public VerdictAction ActionWithoutApprovals { get; init; }

    public Verdict ToVerdict() => Action == VerdictAction.Continue && Reasons.Count == 0 ? Verdict.Continue : new Verdict(Action, Reasons);

    /// <summary>The verdict of everything but the approval requests: once those are stored, the run's approvals speak for them.</summary>
    public Verdict WithoutApprovals()
    {
        if (Approvals.Count == 0)
        {
            return ToVerdict();
        }

        var asked = Approvals.Select(a => a.Reason).ToHashSet(StringComparer.Ordinal);
        var reasons = Reasons.Where(r => !asked.Contains(r)).ToArray();
        return ActionWithoutApprovals == VerdictAction.Continue && reasons.Length == 0 ? Verdict.Continue : new Verdict(ActionWithoutApprovals, reasons);
    }
}

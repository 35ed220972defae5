using Martin360.Ingest.Policies;
using Martin360.Ingest.Storage;

namespace Martin360.Ingest.Control;

/// <summary>
/// The verdict for a run as stored: its own budget and a human's Stop (<see cref="VerdictEvaluator"/>), its project's
/// policy budgets and stop conditions over the latest findings, a stop a policy already decided, and its approvals
/// (pending: needs_approval; denied: stop; approved: nothing). The stricter wins.
/// </summary>
public sealed class VerdictService(PolicyStore policies, TimeProvider time)
{
    public Verdict VerdictFor(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var usage = UsageOf(run);
        var verdict = VerdictEvaluator.Evaluate(RecordMapper.BudgetOf(run), usage, run.StopRequested ? run.StopRequestedBy ?? "a human" : null);
        if (run.PolicyStopReason is { } stopped)
        {
            verdict = verdict.Merge(new Verdict(VerdictAction.Stop, [stopped]));
        }

        foreach (var approval in RecordMapper.ApprovalsOf(run))
        {
            verdict = approval.Status switch
            {
                ApprovalStatus.Pending => verdict.Merge(new Verdict(VerdictAction.NeedsApproval, [approval.Request.Reason])),
                ApprovalStatus.Denied => verdict.Merge(new Verdict(VerdictAction.Stop, [approval.DeniedReason])),
                _ => verdict,
            };
        }

        var policy = PolicyEvaluator.Evaluate(new PolicyInput { Policy = policies.For(run.Project), Usage = usage, Findings = RecordMapper.FindingsOf(run) });
        return verdict.Merge(policy.ToVerdict());
    }

    public RunUsage UsageOf(RunRecord run)
    {
        var start = run.StartedAtMs ?? run.CreatedAtMs;
        var end = run.EndedAtMs ?? time.GetUtcNow().ToUnixTimeMilliseconds();
        return new RunUsage(
            run.TotalTokens,
            run.CostUsd is { } cost ? (decimal)cost : null,
            run.StepCount,
            TimeSpan.FromMilliseconds(Math.Max(0, end - start)));
    }
}

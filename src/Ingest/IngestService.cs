using Martin360.Analysis.Model;
using Martin360.Ingest.Analysis;
using Martin360.Ingest.Control;
using Martin360.Ingest.Policies;
using Martin360.Ingest.Storage;

namespace Martin360.Ingest;

/// <summary>The use cases behind the ingest endpoints, the importer, the simulator's demo seed and the UI's Stop, Approve and Deny buttons.</summary>
public sealed class IngestService(
    TraceStore store,
    TracePreparer preparer,
    AnalysisScheduler analysis,
    PolicyStore policies,
    VerdictService verdicts,
    ControlChannel control)
{
    public Task<(RunRecord Run, bool Created)> CreateRunAsync(Run run, CancellationToken cancellationToken) =>
        store.CreateRunAsync(run, cancellationToken);

    /// <summary>
    /// Stores steps and answers with the verdict for the run as it stands after them: the stored verdict (budgets, Stop,
    /// policy stop conditions) merged with what the project's policy says about the new steps. Null when the run does not exist.
    /// </summary>
    public async Task<(AppendOutcome Outcome, Verdict Verdict)?> AppendAsync(string runId, IReadOnlyList<Step> steps, CancellationToken cancellationToken)
    {
        var prepared = preparer.PrepareSteps(runId, steps);
        var outcome = await store.AppendStepsAsync(runId, prepared, cancellationToken);
        if (outcome is null)
        {
            return null;
        }

        if (outcome.Accepted == 0)
        {
            // A re-sent batch changes nothing: the answer is the run's verdict as it stands.
            return (outcome, VerdictFor(outcome.Run));
        }

        analysis.Enqueue(runId);
        var (run, evaluation) = await ApplyPolicyAsync(outcome.Run, outcome.NewSteps, cancellationToken);

        // The approvals asked for are in the stored verdict now (pending until a human decides; an approved step re-sent is not asked again).
        return (outcome with { Run = run }, VerdictFor(run).Merge(evaluation.WithoutApprovals()));
    }

    public async Task<RunRecord?> FinishAsync(string runId, RunStatus status, string? exitReason, DateTimeOffset? endedAt, CancellationToken cancellationToken)
    {
        var run = await store.FinishRunAsync(runId, status, exitReason, endedAt, cancellationToken);
        return run is null ? null : await analysis.AnalyzeNowAsync(runId, cancellationToken);
    }

    /// <summary>
    /// Stores a whole trace or a batch of its spans (OTLP, import, demo), analyses it, then judges the steps it had not
    /// seen against the project's policy, as an append is: violations become findings, a stop or an approval reaches
    /// the harnesses subscribed to the run.
    /// </summary>
    public async Task<AppendOutcome> SaveTraceAsync(Trace trace, CancellationToken cancellationToken)
    {
        var outcome = await store.SaveTraceAsync(preparer.Prepare(trace), cancellationToken);
        var run = await analysis.AnalyzeNowAsync(trace.Run.Id, cancellationToken) ?? outcome.Run;
        if (outcome.Accepted > 0)
        {
            (run, _) = await ApplyPolicyAsync(run, outcome.NewSteps, cancellationToken);
        }

        return outcome with { Run = run };
    }

    /// <summary>A human's Stop: stored, then pushed to the harnesses subscribed to the run at once.</summary>
    public async Task<RunRecord?> RequestStopAsync(string runId, string requestedBy, CancellationToken cancellationToken)
    {
        var run = await store.RequestStopAsync(runId, requestedBy, cancellationToken);
        if (run is not null)
        {
            await control.PublishAsync(run, cancellationToken);
        }

        return run;
    }

    /// <summary>
    /// A human's decision on an approval the run asked for: stored, then pushed to the harnesses subscribed to the run at
    /// once (the "approval" message and the verdict that follows: back to continue/warn, or stop when denied).
    /// Null when the run does not exist.
    /// </summary>
    public async Task<ApprovalOutcome?> DecideApprovalAsync(string runId, int approvalId, ApprovalStatus decision, string decidedBy, CancellationToken cancellationToken)
    {
        var outcome = await store.DecideApprovalAsync(runId, approvalId, decision, decidedBy, cancellationToken);
        if (outcome is { Decided: true, Approval: { } approval })
        {
            await control.PublishApprovalAsync(runId, approval, cancellationToken);
            await control.PublishAsync(outcome.Run, cancellationToken);
        }

        return outcome;
    }

    /// <summary>The verdict for a run as stored now.</summary>
    public Verdict VerdictFor(RunRecord run) => verdicts.VerdictFor(run);

    /// <summary>Judges new steps against the run's policy, stores what it found and tells the run's harnesses.</summary>
    private async Task<(RunRecord Run, PolicyEvaluation Evaluation)> ApplyPolicyAsync(RunRecord run, IReadOnlyList<Step> newSteps, CancellationToken cancellationToken)
    {
        var evaluation = await EvaluatePolicyAsync(run, newSteps, cancellationToken);
        if (run.Status != RunStatus.Running.ToWire())
        {
            // A finished run (an imported session) has nobody waiting for a decision: what needed approval stays a finding.
            evaluation = evaluation with { Approvals = [] };
        }

        var needsStop = evaluation.StopReason is not null && run.PolicyStopReason is null;
        if (evaluation.Violations.Count > 0 || evaluation.Approvals.Count > 0 || needsStop)
        {
            if (await store.SavePolicyResultAsync(run.Id, evaluation, cancellationToken) is { } saved)
            {
                run = saved.Run;
                foreach (var approval in saved.Asked)
                {
                    await control.PublishApprovalAsync(run.Id, approval, cancellationToken);
                }
            }
        }

        await control.PublishAsync(run, cancellationToken);
        return (run, evaluation);
    }

    private async Task<PolicyEvaluation> EvaluatePolicyAsync(RunRecord run, IReadOnlyList<Step> newSteps, CancellationToken cancellationToken)
    {
        var policy = policies.For(run.Project);
        IReadOnlyList<Step> recent = newSteps;
        if (policy.StopConditions.NoProgressSteps is { } window)
        {
            recent = await store.GetRecentStepsAsync(run.Id, Math.Max(window, newSteps.Count), cancellationToken);
        }

        IReadOnlyList<Step> checks = [];
        if (policy.RequiredVerifiers.Count > 0 && newSteps.Any(s => s.Kind == StepKind.CompletionClaim))
        {
            checks = await store.GetCheckStepsAsync(run.Id, newSteps.Min(s => s.Sequence), cancellationToken);
        }

        return PolicyEvaluator.Evaluate(new PolicyInput
        {
            Policy = policy,
            Usage = verdicts.UsageOf(run),
            NewSteps = newSteps,
            RecentSteps = recent,
            EarlierChecks = checks,
            Findings = RecordMapper.FindingsOf(run),
        });
    }
}

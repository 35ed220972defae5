using Martin360.Analysis.Model;
using Martin360.Ingest.Analysis;
using Martin360.Ingest.Control;
using Martin360.Ingest.Storage;

namespace Martin360.Ingest;

/// <summary>The use cases behind the ingest endpoints, the importer, the simulator's demo seed and the UI's Stop button.</summary>
public sealed class IngestService(TraceStore store, TracePreparer preparer, AnalysisScheduler analysis, TimeProvider time)
{
    public Task<(RunRecord Run, bool Created)> CreateRunAsync(Run run, CancellationToken cancellationToken) =>
        store.CreateRunAsync(run, cancellationToken);

    /// <summary>Stores steps and answers with the verdict for the run as it stands after them. Null when the run does not exist.</summary>
    public async Task<(AppendOutcome Outcome, Verdict Verdict)?> AppendAsync(string runId, IReadOnlyList<Step> steps, CancellationToken cancellationToken)
    {
        var outcome = await store.AppendStepsAsync(runId, preparer.PrepareSteps(runId, steps), cancellationToken);
        if (outcome is null)
        {
            return null;
        }

        if (outcome.Accepted > 0)
        {
            analysis.Enqueue(runId);
        }

        return (outcome, VerdictFor(outcome.Run));
    }

    public async Task<RunRecord?> FinishAsync(string runId, RunStatus status, string? exitReason, DateTimeOffset? endedAt, CancellationToken cancellationToken)
    {
        var run = await store.FinishRunAsync(runId, status, exitReason, endedAt, cancellationToken);
        return run is null ? null : await analysis.AnalyzeNowAsync(runId, cancellationToken);
    }

    /// <summary>Stores a whole trace (import, demo) and analyses it.</summary>
    public async Task<AppendOutcome> SaveTraceAsync(Trace trace, CancellationToken cancellationToken)
    {
        var outcome = await store.SaveTraceAsync(preparer.Prepare(trace), cancellationToken);
        var analysed = await analysis.AnalyzeNowAsync(trace.Run.Id, cancellationToken);
        return outcome with { Run = analysed ?? outcome.Run };
    }

    public Task<RunRecord?> RequestStopAsync(string runId, string requestedBy, CancellationToken cancellationToken) =>
        store.RequestStopAsync(runId, requestedBy, cancellationToken);

    /// <summary>The verdict for a run as stored now.</summary>
    public Verdict VerdictFor(RunRecord run)
    {
        var start = run.StartedAtMs ?? run.CreatedAtMs;
        var end = run.EndedAtMs ?? time.GetUtcNow().ToUnixTimeMilliseconds();
        var usage = new RunUsage(
            run.TotalTokens,
            run.CostUsd is { } cost ? (decimal)cost : null,
            run.StepCount,
            TimeSpan.FromMilliseconds(Math.Max(0, end - start)));
        return VerdictEvaluator.Evaluate(RecordMapper.BudgetOf(run), usage, run.StopRequested ? run.StopRequestedBy ?? "a human" : null);
    }
}

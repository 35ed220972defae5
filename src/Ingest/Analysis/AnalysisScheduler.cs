using System.Diagnostics;
using System.Threading.Channels;
using Martin360.Analysis;
using Martin360.Ingest.Policies;
using Martin360.Ingest.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Martin360.Ingest.Analysis;

/// <summary>
/// Re-analyses live runs off the request path: appends only enqueue the run id, bursts for one run collapse
/// into one analysis, and the findings are stored (and announced) when it finishes.
/// </summary>
public sealed partial class AnalysisScheduler(TraceStore store, PolicyStore policies, ILogger<AnalysisScheduler> logger) : BackgroundService
{
    private const int PaceFactor = 4;

    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    // One analysis at a time: each loads the run's latest state inside the lock, so an older result never overwrites a newer one.
    private readonly SemaphoreSlim _analysing = new(1, 1);

    public void Enqueue(string runId)
    {
        lock (_gate)
        {
            if (!_queued.Add(runId))
            {
                return;
            }
        }

        _queue.Writer.TryWrite(runId);
    }

    /// <summary>Analyses a run now and stores the result (used when a run finishes or is imported).</summary>
    public async Task<RunRecord?> AnalyzeNowAsync(string runId, CancellationToken cancellationToken)
    {
        await _analysing.WaitAsync(cancellationToken);
        try
        {
            var trace = await store.LoadTraceAsync(runId, cancellationToken);
            if (trace is null)
            {
                return null;
            }

            var result = RequiredVerifierGate.Apply(TraceAnalyzer.Analyze(trace), trace, policies.For(trace.Run.Project));
            return await store.SaveAnalysisAsync(runId, result, trace.Steps.Count, cancellationToken);
        }
        finally
        {
            _analysing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var runId in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            lock (_gate)
            {
                _queued.Remove(runId);
            }

            try
            {
                var started = Stopwatch.GetTimestamp();
                await AnalyzeNowAsync(runId, stoppingToken);

                // Live re-analysis is paced: after an analysis that took t, rest 4t before the next one, so it takes at
                // most a fifth of a core however fast steps arrive and never starves ingest itself (measured: without
                // this, re-analysing 50 growing 1000-step runs took two thirds of the ingest benchmark's time). Appends
                // that arrive meanwhile collapse into one analysis per run; a finished or imported run is analysed at
                // once (AnalyzeNowAsync) and does not wait here.
                await Task.Delay(Stopwatch.GetElapsedTime(started) * PaceFactor, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogAnalysisFailed(logger, runId, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Analysis of run {RunId} failed")]
    private static partial void LogAnalysisFailed(ILogger logger, string runId, Exception exception);
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Martin360.Ingest.Control;

/// <summary>
/// Once a second, re-judges the runs a harness is subscribed to, so a wall-time budget stops a run that has gone quiet
/// (hung on a command, waiting on a model) within a second or two of passing, not at its next append.
/// </summary>
public sealed partial class VerdictClock(ControlChannel control, TimeProvider time, ILogger<VerdictClock> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await control.RefreshWatchedAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The next tick tries again; a failed push must not end the clock.
                    LogRefreshFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-judging the watched runs failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}

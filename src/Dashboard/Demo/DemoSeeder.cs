using Martin360.Dashboard.Simulation;
using Martin360.Ingest;
using Martin360.Ingest.Storage;
using Microsoft.Extensions.Options;

namespace Martin360.Dashboard.Demo;

/// <summary>
/// A newcomer's first start on an empty database shows a populated dashboard: runs from the simulator,
/// marked as demo, spread over the last two weeks. Off with Martin360__Demo__Enabled=false.
/// </summary>
public sealed partial class DemoSeeder(
    IOptions<DemoOptions> options,
    TraceStore store,
    IngestService ingest,
    TimeProvider time,
    ILogger<DemoSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || await store.AnyRunsAsync(cancellationToken))
        {
            return;
        }

        var generator = new ScenarioGenerator(seed: 360);
        var now = time.GetUtcNow();
        var count = Math.Max(0, options.Value.Runs);
        for (var i = 0; i < count; i++)
        {
            var startedAt = now - TimeSpan.FromHours((count - i) * 14 * 24.0 / Math.Max(1, count));
            var simulated = generator.Create(i, startedAt, "demo");
            var last = simulated.Steps.Count > 0 ? simulated.Steps[^1] : null;
            var endedAt = last?.Timestamp + last?.Duration ?? startedAt;
            var run = simulated.Run with { IsDemo = true, Status = simulated.FinalStatus, ExitReason = simulated.ExitReason, EndedAt = endedAt };
            await ingest.SaveTraceAsync(Martin360.Analysis.Model.Trace.Create(run, simulated.Steps), cancellationToken);
        }

        LogSeeded(logger, count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Empty store: added {Count} demo runs from the simulator (Martin360__Demo__Enabled=false turns this off)")]
    private static partial void LogSeeded(ILogger logger, int count);
}

using Martin360.Ingest.Policies;
using Martin360.Ingest.Storage;
using Microsoft.AspNetCore.SignalR;

namespace Martin360.Ingest.Control;

/// <summary>
/// Pushes verdict changes to the harnesses subscribed to a run over <see cref="ControlHub"/>. The ingest service
/// publishes right after the commits that change a verdict (a human's Stop, an append a policy stops, an approval asked
/// for or decided, which is also sent as an "approval" message); run changes
/// announced by the store (analysis finding a loop, a finish) and policy saves are re-checked too. A harness is only
/// sent a verdict that differs from the last one it was sent.
/// </summary>
public sealed class ControlChannel : IDisposable
{
    public const string HubPath = "/hubs/control";
    public const string VerdictMethod = "verdict";
    public const string ApprovalMethod = "approval";

    private readonly IHubContext<ControlHub> _hub;
    private readonly TraceStore _store;
    private readonly VerdictService _verdicts;
    private readonly PolicyStore _policies;
    private readonly IDisposable _subscription;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Watch> _watches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _runsByConnection = new(StringComparer.Ordinal);

    public ControlChannel(IHubContext<ControlHub> hub, TraceStore store, VerdictService verdicts, PolicyStore policies, RunChangeNotifier notifier)
    {
        _hub = hub;
        _store = store;
        _verdicts = verdicts;
        _policies = policies;
        _subscription = notifier.Subscribe(RecheckAsync);
        _policies.Changed += OnPolicyChanged;
    }

    public static string GroupOf(string runId) => "run:" + runId;

    /// <summary>Subscribes a connection to a run; answers with the run's verdict now, or null when there is no such run.</summary>
    public async Task<VerdictMessage?> JoinAsync(string connectionId, string runId, CancellationToken cancellationToken)
    {
        var run = await _store.GetRunAsync(runId, cancellationToken);
        if (run is null)
        {
            return null;
        }

        await _hub.Groups.AddToGroupAsync(connectionId, GroupOf(runId), cancellationToken);
        var verdict = _verdicts.VerdictFor(run);
        lock (_gate)
        {
            if (!_watches.TryGetValue(runId, out var watch))
            {
                _watches[runId] = watch = new Watch { LastSent = verdict, LastSentFromMs = run.UpdatedAtMs };
            }

            watch.Connections.Add(connectionId);
            if (!_runsByConnection.TryGetValue(connectionId, out var runs))
            {
                _runsByConnection[connectionId] = runs = new HashSet<string>(StringComparer.Ordinal);
            }

            runs.Add(runId);
        }

        return VerdictMessage.From(runId, verdict);
    }

    public async Task LeaveAsync(string connectionId, string runId, CancellationToken cancellationToken)
    {
        await _hub.Groups.RemoveFromGroupAsync(connectionId, GroupOf(runId), cancellationToken);
        lock (_gate)
        {
            Forget(connectionId, runId);
            if (_runsByConnection.TryGetValue(connectionId, out var runs))
            {
                runs.Remove(runId);
            }
        }
    }

    /// <summary>SignalR drops a closed connection from its groups itself; this drops it from the watch list.</summary>
    public void Disconnected(string connectionId)
    {
        lock (_gate)
        {
            if (_runsByConnection.Remove(connectionId, out var runs))
            {
                foreach (var runId in runs)
                {
                    Forget(connectionId, runId);
                }
            }
        }
    }

    /// <summary>
    /// Pushes the verdict of every watched running run whose verdict changed with the clock alone (a wall-time budget
    /// passed while the agent sent nothing); unchanged verdicts are not sent again. <see cref="VerdictClock"/> calls it.
    /// </summary>
    public async Task RefreshWatchedAsync(CancellationToken cancellationToken)
    {
        string[] runIds;
        lock (_gate)
        {
            runIds = [.. _watches.Keys];
        }

        foreach (var runId in runIds)
        {
            if (await _store.GetRunAsync(runId, cancellationToken) is { Status: "running" } run)
            {
                await PublishAsync(run, cancellationToken);
            }
        }
    }

    /// <summary>Sends the run's verdict to its subscribers if it changed. Call after the commit that changed the run.</summary>
    public async Task PublishAsync(RunRecord run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        Watch? watch;
        lock (_gate)
        {
            if (!_watches.TryGetValue(run.Id, out watch))
            {
                return;
            }
        }

        // One send at a time per run, never from an older read of the run than the last one sent: the clock may have read
        // the run just before a Stop committed, and its stale "continue" must not reach the harness after the "stop".
        await watch.Sending.WaitAsync(cancellationToken);
        try
        {
            if (run.UpdatedAtMs < watch.LastSentFromMs)
            {
                return;
            }

            var verdict = _verdicts.VerdictFor(run);
            if (watch.LastSent.SameAs(verdict))
            {
                return;
            }

            watch.LastSent = verdict;
            watch.LastSentFromMs = run.UpdatedAtMs;
            await _hub.Clients.Group(GroupOf(run.Id)).SendAsync(VerdictMethod, VerdictMessage.From(run.Id, verdict), cancellationToken);
        }
        finally
        {
            watch.Sending.Release();
        }
    }

    /// <summary>Tells the run's subscribers about an approval asked for or decided. Call after its commit, before <see cref="PublishAsync"/>.</summary>
    public async Task PublishApprovalAsync(string runId, Approval approval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approval);
        lock (_gate)
        {
            if (!_watches.ContainsKey(runId))
            {
                return;
            }
        }

        await _hub.Clients.Group(GroupOf(runId)).SendAsync(ApprovalMethod, ApprovalMessage.From(runId, approval), cancellationToken);
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _policies.Changed -= OnPolicyChanged;
    }

    private async Task RecheckAsync(IReadOnlySet<string> runIds)
    {
        List<string> watched;
        lock (_gate)
        {
            watched = runIds.Where(_watches.ContainsKey).ToList();
        }

        foreach (var runId in watched)
        {
            if (await _store.GetRunAsync(runId, CancellationToken.None) is { } run)
            {
                await PublishAsync(run, CancellationToken.None);
            }
        }
    }

    private void OnPolicyChanged(string project)
    {
        HashSet<string> all;
        lock (_gate)
        {
            all = [.. _watches.Keys];
        }

        // A new budget or stop condition may change the verdict of every watched run of the project (or of all, for the default).
        _ = RecheckAsync(all);
    }

    private void Forget(string connectionId, string runId)
    {
        if (_watches.TryGetValue(runId, out var watch) && watch.Connections.Remove(connectionId) && watch.Connections.Count == 0)
        {
            _watches.Remove(runId);
        }
    }

    private sealed class Watch
    {
        public HashSet<string> Connections { get; } = new(StringComparer.Ordinal);

        public SemaphoreSlim Sending { get; } = new(1, 1);

        public required Verdict LastSent { get; set; }

        /// <summary>The <see cref="RunRecord.UpdatedAtMs"/> of the run record <see cref="LastSent"/> was judged from.</summary>
        public long LastSentFromMs { get; set; }
    }
}

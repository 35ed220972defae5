namespace Martin360.Ingest;

/// <summary>
/// Tells subscribers which runs changed, after the store committed. Bursts collapse: changes within
/// <see cref="CollapseWindow"/> arrive as one notification carrying every changed run id.
/// </summary>
public sealed class RunChangeNotifier : IDisposable
{
    public static readonly TimeSpan CollapseWindow = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscribers = [];
    private readonly TimeProvider _time;
    private HashSet<string> _pending = new(StringComparer.Ordinal);
    private ITimer? _timer;
    private bool _disposed;

    public RunChangeNotifier(TimeProvider time)
    {
        _time = time;
    }

    /// <summary>Subscribes to changes; dispose the result to stop. The callback must be quick (e.g. InvokeAsync(refresh)).</summary>
    public IDisposable Subscribe(Func<IReadOnlySet<string>, Task> onChanged)
    {
        var subscription = new Subscription(this, onChanged);
        lock (_gate)
        {
            _subscribers.Add(subscription);
        }

        return subscription;
    }

    /// <summary>Called by the store after a commit.</summary>
    public void Publish(string runId)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _pending.Add(runId);
            _timer ??= _time.CreateTimer(_ => Flush(), null, CollapseWindow, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _subscribers.Clear();
        }
    }

    private void Flush()
    {
        HashSet<string> changed;
        Subscription[] subscribers;
        lock (_gate)
        {
            changed = _pending;
            _pending = new HashSet<string>(StringComparer.Ordinal);
            _timer?.Dispose();
            _timer = null;
            subscribers = [.. _subscribers];
        }

        foreach (var subscriber in subscribers)
        {
            // A slow or failing subscriber must not hold up the others or the store.
            _ = InvokeSafely(subscriber, changed);
        }
    }

    private static async Task InvokeSafely(Subscription subscription, IReadOnlySet<string> changed)
    {
        try
        {
            await subscription.Callback(changed).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A subscriber's failure (a closed circuit, say) is the subscriber's own business.
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }

    private sealed class Subscription(RunChangeNotifier owner, Func<IReadOnlySet<string>, Task> callback) : IDisposable
    {
        public Func<IReadOnlySet<string>, Task> Callback { get; } = callback;

        public void Dispose() => owner.Remove(this);
    }
}

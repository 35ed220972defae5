using Martin360.Ingest.Control;
using Microsoft.AspNetCore.SignalR;

namespace Martin360.Ingest.Tests.Control;

/// <summary>
/// The control hub's context with the wire cut: records every message the control channel sends to a run's group, so a
/// test sees what a subscribed harness would receive (the real client over a real connection is the browser tests' job).
/// </summary>
internal sealed class RecordingHubContext : IHubContext<ControlHub>, IHubClients, IGroupManager
{
    private readonly List<(string Group, string Method, object? Message)> _sent = [];

    IHubClients IHubContext<ControlHub>.Clients => this;

    IGroupManager IHubContext<ControlHub>.Groups => this;

    public IClientProxy All => Proxy("*");

    public IReadOnlyList<(string Group, string Method, object? Message)> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public IClientProxy Group(string groupName) => Proxy(groupName);

    public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => Proxy("*");

    public IClientProxy Client(string connectionId) => Proxy(connectionId);

    public IClientProxy Clients(IReadOnlyList<string> connectionIds) => Proxy(string.Join(",", connectionIds));

    public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => Proxy(groupName);

    public IClientProxy Groups(IReadOnlyList<string> groupNames) => Proxy(string.Join(",", groupNames));

    public IClientProxy User(string userId) => Proxy(userId);

    public IClientProxy Users(IReadOnlyList<string> userIds) => Proxy(string.Join(",", userIds));

    public Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default) => Task.CompletedTask;

    private RecordingProxy Proxy(string target) => new(this, target);

    private sealed class RecordingProxy(RecordingHubContext context, string target) : IClientProxy
    {
        public Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            lock (context._sent)
            {
                context._sent.Add((target, method, args.FirstOrDefault()));
            }

            return Task.CompletedTask;
        }
    }
}

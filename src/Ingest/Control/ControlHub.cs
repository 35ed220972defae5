using Microsoft.AspNetCore.SignalR;

namespace Martin360.Ingest.Control;

/// <summary>
/// The control channel for agent harnesses (protocol in docs/control.md). A harness calls JoinRun(runId) and is sent
/// "verdict" messages {runId, action, reasons} whenever its run's verdict changes. The API key is checked when the
/// connection is made (see <see cref="ControlEndpoints"/>).
/// </summary>
public sealed class ControlHub(ControlChannel channel) : Hub
{
    /// <summary>Subscribes to a run; returns its verdict now.</summary>
    public async Task<VerdictMessage> JoinRun(string runId) =>
        await channel.JoinAsync(Context.ConnectionId, runId, Context.ConnectionAborted)
            ?? throw new HubException($"Run '{runId}' does not exist.");

    public Task LeaveRun(string runId) => channel.LeaveAsync(Context.ConnectionId, runId, Context.ConnectionAborted);

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        channel.Disconnected(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}

using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Martin360.Tests.Shared.Hosting;

namespace Martin360.EndToEnd.Tests;

/// <summary>The kill-switch for a run that has gone quiet: its wall-time budget stops it with no append to answer.</summary>
[Collection(SerialCollection.Name)]
public sealed class WallTimeStopTests : AppHostTest
{
    [Fact]
    public async Task HardWallTime_AgentSendsNothing_TheSignalRClientIsToldToStopWithinSecondsOfTheLimit()
    {
        await HarnessProcess.InstallAsync();
        var created = Stopwatch.StartNew();
        (await Client.PostAsJsonAsync("api/v1/runs", new { id = "quiet-1", budget = new { hardWallTimeSeconds = 30 } })).EnsureSuccessStatusCode();

        // Watch only: the harness subscribes and sends no step. 30 s leaves room for a cold node start on a fresh clone.
        await using var harness = await HarnessProcess.StartAsync(Host.BaseAddress, AppHost.ApiKey, "quiet-1");
        var joined = (await harness.WaitForAsync(e => Is(e, "joined"), TimeSpan.FromSeconds(30))).Event;
        Assert.Equal("continue", joined.GetProperty("action").GetString());

        var stopped = (await harness.WaitForAsync(e => Is(e, "stopped"), TimeSpan.FromSeconds(50))).Event;
        var after = created.Elapsed;

        Assert.Equal("push", stopped.GetProperty("via").GetString());
        Assert.Contains(stopped.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("wall time", StringComparison.Ordinal));
        Assert.True(after >= TimeSpan.FromSeconds(30), $"stopped after {after.TotalSeconds:0.0} s, before the 30 s budget");
        Assert.True(after < TimeSpan.FromSeconds(35), $"stopped only after {after.TotalSeconds:0.0} s");
        var run = await Client.GetFromJsonAsync<JsonElement>("api/v1/runs/quiet-1");
        Assert.Equal("stop", run.GetProperty("verdict").GetProperty("action").GetString());
    }

    private static bool Is(JsonElement e, string name) => e.GetProperty("event").GetString() == name;
}

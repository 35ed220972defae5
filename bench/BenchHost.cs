using Martin360.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Martin360.Bench;

/// <summary>The real app in this process on 127.0.0.1:0 with a temp data directory (as tests/Shared/Hosting/AppHost does).</summary>
public sealed class BenchHost : IAsyncDisposable
{
    public const string ApiKey = "bench-key-0123456789";

    private readonly WebApplication _app;

    private BenchHost(WebApplication app, string dataDirectory, Uri baseAddress)
    {
        _app = app;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<BenchHost> StartAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "m360-bench-" + Guid.NewGuid().ToString("n"));
        var app = Martin360App.Build(
        [
            "--urls", "http://127.0.0.1:0",
            "--Martin360:Storage:DataDirectory", dataDirectory,
            "--Martin360:Demo:Enabled", "false",
            "--Martin360:Ingest:ApiKeys:0", ApiKey,
            "--Logging:LogLevel:Default", "Warning",
        ]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchHost(app, dataDirectory, new Uri(address.TrimEnd('/') + "/"));
    }

    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TryDelete(DataDirectory);
    }

    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}

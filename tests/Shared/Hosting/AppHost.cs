using Martin360.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Martin360.Tests.Shared.Hosting;

/// <summary>The real app on Kestrel at 127.0.0.1 on a free port, with its own data directory, for HTTP and browser tests.</summary>
public sealed class AppHost : IAsyncDisposable
{
    public const string ApiKey = "test-key-0123456789";

    private readonly WebApplication _app;
    private readonly bool _ownsDataDirectory;

    private AppHost(WebApplication app, string dataDirectory, bool ownsDataDirectory, Uri baseAddress)
    {
        _app = app;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Starts the app. Extra settings use configuration keys, e.g. ("Martin360:Ingest:MaxBodyBytes", "1000").</summary>
    public static async Task<AppHost> StartAsync(string? dataDirectory = null, params (string Key, string Value)[] settings)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "m360-test-" + Guid.NewGuid().ToString("n"));
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            "--environment", "Development",
            "--Martin360:Storage:DataDirectory", dataDirectory,
            "--Martin360:Demo:Enabled", "false",
            "--Martin360:Ingest:ApiKeys:0", ApiKey,
            "--Logging:LogLevel:Default", "Warning",
        };
        foreach (var (key, value) in settings)
        {
            args.Add("--" + key);
            args.Add(value);
        }

        var app = Martin360App.Build([.. args]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AppHost(app, dataDirectory, owns, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>An HttpClient for the app, with the test API key unless told otherwise.</summary>
    public HttpClient CreateClient(string? apiKey = ApiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return client;
    }

    public async Task StopAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped by the test.
        }

        if (_ownsDataDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }
    }
}

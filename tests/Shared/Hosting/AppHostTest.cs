namespace Martin360.Tests.Shared.Hosting;

/// <summary>A test class with its own app on a free port and a client holding the test key; started before each test, stopped after.</summary>
public abstract class AppHostTest : IAsyncLifetime
{
    private readonly (string Key, string Value)[] _settings;

    protected AppHostTest(params (string Key, string Value)[] settings)
    {
        _settings = settings;
    }

    protected AppHost Host { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        Host = await AppHost.StartAsync(null, _settings);
        Client = Host.CreateClient();
    }

    public virtual async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

namespace Martin360.Tests.Shared.Hosting;

/// <summary>A test class with its own running app (fresh data directory) and an HttpClient carrying the test API key.</summary>
public abstract class HostedAppTest : IAsyncLifetime
{
    protected AppHost Host { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        Host = await AppHost.StartAsync();
        Client = Host.CreateClient();
    }

    public virtual async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

using Microsoft.Extensions.Hosting;

namespace Martin360.Ingest.Security;

/// <summary>On first start with no key anywhere, creates one and prints it once, so a newcomer can send a trace.</summary>
public sealed class ApiKeyBootstrapper(ApiKeyStore keys) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var created = await keys.EnsureKeyExistsAsync(cancellationToken);
        if (created is not null)
        {
            // Console, not the logger: this is for the person who just started the app, once.
            Console.WriteLine();
            Console.WriteLine("  Martin360 created an ingest API key (shown once; also in Settings until restart):");
            Console.WriteLine($"    X-Api-Key: {created}");
            Console.WriteLine();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

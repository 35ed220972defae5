using Martin360.Ingest.Adapters;
using Martin360.Ingest.Analysis;
using Martin360.Ingest.Control;
using Martin360.Ingest.Http;
using Martin360.Ingest.Import;
using Martin360.Ingest.Policies;
using Martin360.Ingest.Security;
using Martin360.Ingest.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Martin360.Ingest;

/// <summary>The composition root of ingest: storage, keys, adapters, analysis scheduling and the HTTP endpoints.</summary>
public static class IngestServiceCollectionExtensions
{
    public static IServiceCollection AddIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StorageOptions>(configuration.GetSection("Martin360:Storage"));
        services.Configure<IngestOptions>(configuration.GetSection("Martin360:Ingest"));
        services.TryAddTimeProvider();

        services.AddDbContextFactory<Martin360DbContext>((provider, options) =>
        {
            var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            var connection = new SqliteConnectionStringBuilder { DataSource = storage.DatabasePath, Pooling = true }.ToString();
            options.UseSqlite(connection);
        });

        // Hosted services start in this order, before the server listens.
        services.AddHostedService<DatabaseInitializer>();
        services.AddSingleton<ApiKeyStore>();
        services.AddHostedService<ApiKeyBootstrapper>();

        services.AddSingleton<RunChangeNotifier>();
        services.AddSingleton<TraceStore>();
        services.AddSingleton<TriageStore>();
        services.AddSingleton<OverviewStore>();
        services.AddSingleton<TracePreparer>();
        services.AddSingleton<AnalysisScheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<AnalysisScheduler>());
        services.AddSingleton<PolicyStore>();
        services.AddSingleton<VerdictService>();
        services.AddSingleton<ControlChannel>();
        services.AddHostedService<VerdictClock>();
        services.AddSignalR();
        services.AddSingleton<IngestService>();
        services.AddSingleton<ImportService>();
        services.AddSingleton(TraceFormats.CreateDefault());
        services.AddSingleton(TraceEnrichment.Default);

        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.DefaultIgnoreCondition = IngestJson.Options.DefaultIgnoreCondition;
            json.SerializerOptions.UnmappedMemberHandling = IngestJson.Options.UnmappedMemberHandling;
        });
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<IngestOptions>>((kestrel, ingest) =>
            kestrel.Limits.MaxRequestBodySize = ingest.Value.MaxBodyBytes);
        return services;
    }

    public static IEndpointRouteBuilder MapIngest(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapIngestApi();
        endpoints.MapOtlp();
        endpoints.MapImport();
        endpoints.MapControlHub();
        return endpoints;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}

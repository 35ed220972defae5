using Martin360.Dashboard.Components;
using Martin360.Dashboard.Demo;
using Martin360.Dashboard.Endpoints;
using Martin360.Dashboard.Rendering;
using Martin360.Dashboard.ViewModels;
using Martin360.Ingest.Storage;
using Radzen;

namespace Martin360.Dashboard;

/// <summary>The composition root of the dashboard: components, view models, demo seed, health.</summary>
public static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DemoOptions>(configuration.GetSection("Martin360:Demo"));
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddRadzenComponents();
        services.AddProblemDetails();
        services.AddHealthChecks().AddDbContextCheck<Martin360DbContext>("store");

        services.AddSingleton<MarkdownRenderer>();
        services.AddScoped<RunsViewModel>();
        services.AddScoped<RunDetailViewModel>();
        services.AddScoped<SettingsViewModel>();
        services.AddScoped<ImportViewModel>();
        services.AddScoped<TriageViewModel>();
        services.AddScoped<OverviewViewModel>();
        services.AddScoped<RoutingViewModel>();
        services.AddScoped<PoliciesViewModel>();
        services.AddHostedService<DemoSeeder>();
        return services;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapOverviewExports();
        app.MapRunExports();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

using Martin360.Ingest;

namespace Martin360.Dashboard;

/// <summary>Builds the web host: ingest, dashboard and health, bound to localhost unless told otherwise.</summary>
public static class Martin360App
{
    public const string DefaultUrl = "http://localhost:5360";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,

            // Named explicitly so the static web assets manifest is found when a test process hosts the app.
            ApplicationName = typeof(Martin360App).Assembly.GetName().Name,
        });

        // Serve Radzen's and our own assets straight from the build output in every environment,
        // so `dotnet run` works without a publish step (a no-op for published output).
        builder.WebHost.UseStaticWebAssets();

        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddIngest(builder.Configuration);
        builder.Services.AddDashboard(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapIngest();
        app.MapDashboard();
        return app;
    }
}

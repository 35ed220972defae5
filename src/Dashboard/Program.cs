using Martin360.Dashboard;
using Martin360.Dashboard.Cli;

// `martin360` and `martin360 serve [--urls ...]` start the dashboard; other subcommands are command-line tools.
if (Martin360Cli.IsServe(args))
{
    var app = Martin360App.Build(Martin360Cli.ServeArguments(args));
    await app.RunAsync();
    return 0;
}

return await Martin360Cli.RunAsync(args);

/// <summary>The program's entry point (named for WebApplicationFactory and the test host).</summary>
public partial class Program;

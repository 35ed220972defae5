using System.CommandLine;
using Martin360.Analysis.Findings;
using Martin360.Dashboard.Simulation;
using Martin360.Ingest;
using Martin360.Ingest.Adapters;

namespace Martin360.Dashboard.Cli;

/// <summary>The `martin360` command line: serve (default), simulate, analyze, import, watch.</summary>
public static class Martin360Cli
{
    public static bool IsServe(string[] args) => args.Length == 0 || args[0] == "serve" || args[0].StartsWith('-') && args[0] is not ("-h" or "--help" or "-?" or "--version");

    public static string[] ServeArguments(string[] args) => args.Length > 0 && args[0] == "serve" ? args[1..] : args;

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Martin360: control and trace intelligence for AI coding agents.");
        root.Subcommands.Add(new Command("serve", "Start the dashboard and ingest API (the default). ASP.NET options such as --urls apply."));
        root.Subcommands.Add(SimulateCommand());
        root.Subcommands.Add(AnalyzeCommandLine());
        root.Subcommands.Add(ImportCommandLine());
        root.Subcommands.Add(WatchCommandLine());
        return await root.Parse(args).InvokeAsync();
    }

    private static Option<string> ServerOption() =>
        new("--server") { Description = "The server's base URL.", DefaultValueFactory = _ => Martin360App.DefaultUrl };

    private static Option<string> ApiKeyOption() =>
        new("--api-key") { Description = "An ingest API key (Settings shows them).", Required = true };

    private static Command ImportCommandLine()
    {
        var paths = new Argument<string[]>("paths") { Description = "Trace files or directories (read recursively, e.g. ~/.claude/projects).", Arity = ArgumentArity.OneOrMore };
        var server = ServerOption();
        var apiKey = ApiKeyOption();
        var format = new Option<string>("--format") { Description = "The files' format, or auto to detect it from each file's content.", DefaultValueFactory = _ => "auto" };
        var command = new Command("import", "Import trace files of any supported agent into a running server, with progress and a result per file.")
        {
            paths, server, apiKey, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!TryCreateClient(parse.GetValue(server)!, parse.GetValue(apiKey)!, "import", out var http))
            {
                return ImportCommand.ExitUsage;
            }

            using (http)
            {
                var import = new ImportCommand(new ImportClient(http), CliConsole.ForStandardOutput(), Console.Error);
                return await import.RunAsync(parse.GetValue(paths) ?? [], parse.GetValue(format), cancellationToken);
            }
        });
        return command;
    }

    private static Command WatchCommandLine()
    {
        var directory = new Argument<string>("directory") { Description = "A session directory: ~/.claude/projects[/<project>] or ~/.codex/sessions." };
        var server = ServerOption();
        var apiKey = ApiKeyOption();
        var interval = new Option<int>("--interval-ms") { Description = "How often to look for new lines, in milliseconds.", DefaultValueFactory = _ => 500 };
        var command = new Command("watch", "Follow an agent's session directory and stream new lines to a running server, live.")
        {
            directory, server, apiKey, interval,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(directory)!;
            if (!Directory.Exists(path))
            {
                Console.Error.WriteLine($"watch: no such directory: {path}");
                return ImportCommand.ExitUsage;
            }

            if (!TryCreateClient(parse.GetValue(server)!, parse.GetValue(apiKey)!, "watch", out var http))
            {
                return ImportCommand.ExitUsage;
            }

            using (http)
            {
                var watcher = new SessionWatcher(new ImportClient(http), path, Console.Out);
                try
                {
                    await watcher.RunAsync(TimeSpan.FromMilliseconds(Math.Max(50, parse.GetValue(interval))), cancellationToken);
                    return 0;
                }
                catch (CliUsageException exception)
                {
                    Console.Error.WriteLine("watch: " + exception.Message);
                    return ImportCommand.ExitUsage;
                }
            }
        });
        return command;
    }

    private static bool TryCreateClient(string server, string apiKey, string name, out HttpClient http)
    {
        http = null!;
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            Console.Error.WriteLine($"{name}: --server must be an http(s) URL, got '{server}'");
            return false;
        }

        http = ImportClient.CreateHttp(server, apiKey);
        return true;
    }

    private static Command SimulateCommand()
    {
        var server = ServerOption();
        var apiKey = ApiKeyOption();
        var runs = new Option<int>("--runs") { Description = "How many runs to play.", DefaultValueFactory = _ => 5 };
        var delay = new Option<int>("--delay-ms") { Description = "Pause between appends, in milliseconds.", DefaultValueFactory = _ => 400 };
        var seed = new Option<int>("--seed") { Description = "Seed for the scenarios (same seed, same runs).", DefaultValueFactory = _ => Environment.TickCount & 0xFFFF };
        var parallel = new Option<int>("--parallel") { Description = "Runs played at the same time.", DefaultValueFactory = _ => 2 };
        var command = new Command("simulate", "Stream realistic agent runs into a running server over HTTP, step by step.")
        {
            server, apiKey, runs, delay, seed, parallel,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(parse.GetValue(server)!.TrimEnd('/') + "/") };
            http.DefaultRequestHeaders.Add("X-Api-Key", parse.GetValue(apiKey));
            var client = new SimulatorClient(http, Console.Out);
            var generator = new ScenarioGenerator(parse.GetValue(seed));
            var now = DateTimeOffset.UtcNow;
            var runCount = Math.Max(1, parse.GetValue(runs));
            var prefix = "sim" + now.ToUnixTimeSeconds();
            try
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, runCount),
                    new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parse.GetValue(parallel)), CancellationToken = cancellationToken },
                    async (i, token) => await client.PlayAsync(generator.Create(i, now, prefix), TimeSpan.FromMilliseconds(parse.GetValue(delay)), 1, token));
                return 0;
            }
            catch (HttpRequestException exception)
            {
                Console.Error.WriteLine($"simulate: {exception.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command AnalyzeCommandLine()
    {
        var paths = new Argument<string[]>("paths") { Description = "Trace files or directories (read recursively).", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "One JSON object per run per line." };
        var failOn = new Option<string[]>("--fail-on")
        {
            Description = "Exit with code 3 when any of these finding kinds is present (comma-separated, e.g. loop,unverified_completion).",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("analyze", "Analyse trace files offline (no server) and print findings, outcome and next steps.") { paths, json, failOn };
        command.SetAction(parse =>
        {
            var kinds = new HashSet<FindingKind>();
            foreach (var name in (parse.GetValue(failOn) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                if (!FindingKindNames.TryParse(name, out var kind))
                {
                    Console.Error.WriteLine($"analyze: unknown finding kind '{name}' in --fail-on; known: {string.Join(", ", Enum.GetValues<FindingKind>().Select(k => k.ToWire()))}");
                    return 2;
                }

                kinds.Add(kind);
            }

            var analyze = new AnalyzeCommand(TraceFormats.CreateDefault(), TraceEnrichment.Default, Console.Out, Console.Error);
            return analyze.Run(parse.GetValue(paths) ?? [], parse.GetValue(json), kinds);
        });
        return command;
    }
}

using System.Text.Json.Nodes;

namespace Martin360.Tests.Shared;

/// <summary>
/// ccusage (the reference tool for Claude Code token cost), installed from npm into tests/.cache (ignored by git)
/// once and run offline: shared by the agreement test and the analyze benchmark.
/// </summary>
public static class Ccusage
{
    // 20.0.26's native linux-x64 package is not in the registry here.
    public const string Version = "20.0.24";

    private static readonly Lazy<string> s_install = new(Install);

    /// <summary>The directory ccusage is installed in (installs it on first use; throws with the reason when npm cannot).</summary>
    public static string Directory => s_install.Value;

    /// <summary>`ccusage session --offline --json` over CLAUDE_CONFIG_DIR=<paramref name="configDir"/> (a directory holding projects/).</summary>
    public static (int Exit, string Output, string Error) RunSessionReport(string configDir) =>
        ChildProcess.Run(Directory, TimeSpan.FromMinutes(10), ["npx", "--no-install", "ccusage", "session", "--offline", "--json"], IsolatedEnvironment(configDir));

    /// <summary>
    /// The static native binary that `npx ccusage` ends up running (ccusage 20 ships one per platform): the same
    /// report without npm and Node starting first.
    /// </summary>
    public static string NativeBinary => Path.Combine(Directory, "node_modules", "@ccusage", "ccusage-linux-x64", "bin", "ccusage");

    /// <summary>`session --offline --json` run by <see cref="NativeBinary"/> directly.</summary>
    public static (int Exit, string Output, string Error) RunNativeSessionReport(string configDir) =>
        ChildProcess.Run(Directory, TimeSpan.FromMinutes(10), [NativeBinary, "session", "--offline", "--json"], IsolatedEnvironment(configDir));

    private static Dictionary<string, string> IsolatedEnvironment(string configDir) => new()
    {
        ["CLAUDE_CONFIG_DIR"] = configDir,

        // Keep ccusage away from this machine's own agent logs (~/.codex, ~/.gemini, ...).
        ["HOME"] = configDir,
        ["CODEX_HOME"] = Path.Combine(configDir, "no-codex"),
    };

    /// <summary>
    /// ccusage's line scanner skips lines written with spaces after ':' and ',' (as the claude-code-log fixture is);
    /// Claude Code itself writes compact JSON. Such a file is handed to ccusage re-serialised compactly, which is the
    /// same data; every other file is returned as it is.
    /// </summary>
    public static string Compact(string content)
    {
        var lines = content.Split('\n');
        if (!lines.Any(l => l.Contains("\": ", StringComparison.Ordinal) && l.TrimStart().StartsWith("{\"type\": ", StringComparison.Ordinal)))
        {
            return content;
        }

        return string.Join('\n', lines.Select(l => string.IsNullOrWhiteSpace(l) ? l : JsonNode.Parse(l)!.ToJsonString()));
    }

    /// <summary>npm install ccusage and its native linux-x64 build into tests/.cache/ccusage-VERSION, once.</summary>
    private static string Install()
    {
        var directory = Path.Combine(TraceFiles.RepositoryRoot, "tests", ".cache", "ccusage-" + Version);
        if (File.Exists(Path.Combine(directory, "node_modules", "ccusage", "package.json"))
            && File.Exists(Path.Combine(directory, "node_modules", "@ccusage", "ccusage-linux-x64", "package.json")))
        {
            return directory;
        }

        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "package.json"), "{\"private\":true}");
        (int Exit, string Output, string Error) result;
        try
        {
            result = ChildProcess.Run(directory, TimeSpan.FromMinutes(5),
                ["npm", "install", "--no-audit", "--no-fund", $"ccusage@{Version}", $"@ccusage/ccusage-linux-x64@{Version}"], []);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"ccusage {Version} is installed with npm (Node 20), which is not on PATH: {exception.Message}", exception);
        }

        if (result.Exit != 0)
        {
            throw new InvalidOperationException(
                $"npm could not install ccusage {Version} into {directory} (exit {result.Exit}); the agreement with ccusage is NOT checked. "
                + $"Is the npm registry reachable?\n{result.Error}");
        }

        return directory;
    }
}

using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Martin360.Tests.Shared;

namespace Martin360.EndToEnd.Tests;

/// <summary>
/// tools/harness/harness.mjs run with node: the real @microsoft/signalr client subscribed to a run. npm installs its
/// package (pinned by package-lock.json) once into tests/.cache (ignored by git). Each JSON line it prints is an event.
/// </summary>
internal sealed class HarnessProcess : IAsyncDisposable
{
    private static readonly SemaphoreSlim s_install = new(1, 1);
    private static string? s_installed;
    private readonly Process _process;
    private readonly List<(JsonElement Event, TimeSpan At)> _events = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _stderr = [];

    private HarnessProcess(Process process)
    {
        _process = process;
    }

    public static async Task<HarnessProcess> StartAsync(Uri baseAddress, string apiKey, string runId, params string[] extra)
    {
        var directory = await InstallAsync();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["harness.mjs", "--url", baseAddress.ToString(), "--key", apiKey, "--run", runId, "--timeout", "60", .. extra])
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var harness = new HarnessProcess(process);
        process.OutputDataReceived += (_, line) => harness.OnLine(line.Data);
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                lock (harness._stderr)
                {
                    harness._stderr.Add(line.Data);
                }
            }
        };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException("node is required for the control channel test (the real @microsoft/signalr client runs in it).", exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return harness;
    }

    /// <summary>Waits for the first event matching the predicate; returns it and when (on this process' clock) it arrived.</summary>
    public async Task<(JsonElement Event, TimeSpan At)> WaitForAsync(Func<JsonElement, bool> match, TimeSpan timeout)
    {
        var deadline = _clock.Elapsed + timeout;
        while (_clock.Elapsed < deadline)
        {
            lock (_events)
            {
                foreach (var entry in _events)
                {
                    if (match(entry.Event))
                    {
                        return entry;
                    }
                }
            }

            if (_process.HasExited && _process.ExitCode != 0)
            {
                break;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"The harness did not report the expected event within {timeout}. Events: {Describe()}");
    }

    public TimeSpan Now => _clock.Elapsed;

    public string Describe()
    {
        lock (_events)
        {
            lock (_stderr)
            {
                return string.Join(" | ", _events.Select(e => e.Event.GetRawText())) + " stderr: " + string.Join(" | ", _stderr);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line) || !line.StartsWith('{'))
        {
            return;
        }

        var parsed = JsonDocument.Parse(line).RootElement.Clone();
        lock (_events)
        {
            _events.Add((parsed, _clock.Elapsed));
        }
    }

    /// <summary>
    /// Copies the harness and installs its package, once per test run: tests that time something call it first, so a
    /// fresh clone's npm install is not inside their measurement, and no harness file is rewritten while a node reads it.
    /// </summary>
    public static async Task<string> InstallAsync()
    {
        var source = Path.Combine(TraceFiles.RepositoryRoot, "tools", "harness");
        var directory = Path.Combine(TraceFiles.RepositoryRoot, "tests", ".cache", "harness");
        await s_install.WaitAsync();
        try
        {
            if (s_installed is not null)
            {
                return s_installed;
            }

            Directory.CreateDirectory(directory);
            foreach (var file in (string[])["package.json", "package-lock.json", "harness.mjs"])
            {
                File.Copy(Path.Combine(source, file), Path.Combine(directory, file), overwrite: true);
            }

            if (!File.Exists(Path.Combine(directory, "node_modules", "@microsoft", "signalr", "package.json")))
            {
                await RunNpmAsync(directory);
            }

            s_installed = directory;
            return directory;
        }
        finally
        {
            s_install.Release();
        }
    }

    private static async Task RunNpmAsync(string directory)
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        {
            start.ArgumentList.Add(argument);
        }

        Process npm;
        try
        {
            npm = Process.Start(start)!;
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException("npm is required to install @microsoft/signalr for the control channel test; install Node.js and npm.", exception);
        }

        using (npm)
        {
            var output = npm.StandardOutput.ReadToEndAsync();
            var error = npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci of tools/harness failed ({npm.ExitCode}): {await error} {await output}");
            }
        }
    }
}

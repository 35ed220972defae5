using System.Diagnostics;

namespace Martin360.Tests.Shared;

/// <summary>Runs a program to its end and hands back its exit code and both outputs (killed, with its children, at the timeout).</summary>
public static class ChildProcess
{
    public static (int Exit, string Output, string Error) Run(string directory, TimeSpan timeout, string[] command, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', command)} did not finish within {timeout}.");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}

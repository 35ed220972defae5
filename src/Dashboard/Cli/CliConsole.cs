using Spectre.Console;

namespace Martin360.Dashboard.Cli;

/// <summary>The Spectre console for a writer: live progress on a terminal, plain unwrapped lines when redirected (CI, pipes, tests).</summary>
public static class CliConsole
{
    public static IAnsiConsole Create(TextWriter output, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!interactive)
        {
            // A log line is not a terminal row: wrapping it at 80 columns would split file names and messages.
            console.Profile.Width = 4096;
        }

        return console;
    }

    public static IAnsiConsole ForStandardOutput() => Create(Console.Out, !Console.IsOutputRedirected);
}

namespace Martin360.Dashboard.Cli;

/// <summary>A problem with how the command was called or where it points (exit code 2, a message, no stack trace).</summary>
public sealed class CliUsageException(string message) : Exception(message);

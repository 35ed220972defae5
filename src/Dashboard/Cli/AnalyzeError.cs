namespace Martin360.Dashboard.Cli;

/// <summary>The line for a file `analyze` could not read.</summary>
public sealed record AnalyzeError(string Source, string Error);

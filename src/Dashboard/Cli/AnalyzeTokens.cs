namespace Martin360.Dashboard.Cli;

public sealed record AnalyzeTokens(long Input, long Output, long CacheRead, long CacheWrite);

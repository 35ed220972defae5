namespace Martin360.Tests.Shared;

/// <summary>Finds the real traces in ../shared/traces beside the repository (CI has them there too).</summary>
public static class TraceFiles
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The directory ../shared/traces, or MARTIN360_TRACES when set.</summary>
    public static string Root => s_root.Value;

    /// <summary>The repository root (the directory holding Martin360.sln).</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Martin360.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Martin360.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The full path of a file below the traces root, e.g. "claude-code/agent-test-hash-123.jsonl".</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("MARTIN360_TRACES");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "traces"));
        if (!Directory.Exists(candidate))
        {
            throw new DirectoryNotFoundException($"The real traces are expected at {candidate} (../shared/traces beside the repository).");
        }

        return candidate;
    }
}

namespace Martin360.Dashboard.Cli;

/// <summary>Expands the paths given on a command line: files as they are, directories recursively, in a stable order.</summary>
public static class TraceFileWalker
{
    private static readonly string[] s_skippedDirectories = [".git", "node_modules", "bin", "obj"];

    public static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => !Path.GetRelativePath(path, f).Split(Path.DirectorySeparatorChar).Any(s_skippedDirectories.Contains))
                    .Where(f => !Path.GetFileName(f).StartsWith('.') || f.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal);
                foreach (var file in files)
                {
                    yield return file;
                }
            }
            else
            {
                yield return path;
            }
        }
    }
}

namespace Martin360.Analysis.Text;

/// <summary>Small path helpers that never touch the file system (paths come from traces, as the agent wrote them).</summary>
public static class PathText
{
    /// <summary>First name pieces so generic that their mention explains nothing (index.ts, utils.py, __init__.py).</summary>
    private static readonly HashSet<string> s_generic = new(StringComparer.OrdinalIgnoreCase)
    {
        "index", "main", "test", "tests", "utils", "util", "init", "__init__", "setup", "config", "app", "lib", "src", "mod",
        "types", "helpers", "common", "core", "base", "page", "layout", "readme",
    };

    public static string Normalise(string path)
    {
        var p = path.Replace('\\', '/').Trim();
        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        return p;
    }

    public static string FileName(string path)
    {
        var p = Normalise(path).TrimEnd('/');
        var slash = p.LastIndexOf('/');
        return slash < 0 ? p : p[(slash + 1)..];
    }

    /// <summary>The part of the file name before its first dot: the name an import or a prose mention uses.</summary>
    public static string FirstPiece(string path)
    {
        var name = FileName(path);
        var dot = name.IndexOf('.', 1);
        return dot < 0 ? name : name[..dot];
    }

    public static bool IsGenericName(string piece) => piece.Length < 3 || s_generic.Contains(piece);

    /// <summary>The last two segments: the same file written absolute or relative compares equal.</summary>
    public static string Key(string path)
    {
        var p = Normalise(path).TrimEnd('/').ToLowerInvariant();
        var last = p.LastIndexOf('/');
        if (last <= 0)
        {
            return p;
        }

        var previous = p.LastIndexOf('/', last - 1);
        return previous < 0 ? p : p[(previous + 1)..];
    }

    /// <summary>The parent directory's name, or "" at the top.</summary>
    public static string ParentName(string path)
    {
        var p = Normalise(path).TrimEnd('/');
        var last = p.LastIndexOf('/');
        if (last <= 0)
        {
            return "";
        }

        var previous = p.LastIndexOf('/', last - 1);
        return p[(previous + 1)..last];
    }
}

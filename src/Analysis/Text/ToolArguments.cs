using System.Text.RegularExpressions;

namespace Martin360.Analysis.Text;

/// <summary>Reads the target file out of a tool call's arguments, whatever agent wrote them (JSON or key=value).</summary>
public static partial class ToolArguments
{
    /// <summary>
    /// The value of the first path-like argument (file_path, path, absolute_path, filename, notebook_path, target_file),
    /// or null. Only the first 4 KB are searched: the path comes before the (possibly huge) content.
    /// </summary>
    public static string? PathOf(string input)
    {
        var match = PathArgument().Match(input, 0, Math.Min(input.Length, 4096));
        // JSON escapes a Windows path's backslashes; nothing else in a path needs unescaping.
        return match.Success ? match.Groups["path"].Value.Replace(@"\\", @"\", StringComparison.Ordinal) : null;
    }

    [GeneratedRegex(@"[""']?\b(?:file_path|absolute_path|notebook_path|target_file|filename|file|path)[""']?\s*[:=]\s*[""'](?<path>[^""'\r\n]{1,500})[""']")]
    private static partial Regex PathArgument();
}

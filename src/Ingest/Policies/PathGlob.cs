using System.Text;
using System.Text.RegularExpressions;

namespace Martin360.Ingest.Policies;

/// <summary>
/// Globs for paths as agents write them (relative, absolute, Windows separators). <c>**</c> spans directories,
/// <c>*</c> and <c>?</c> stay within one segment; a glob without a leading "/" matches at any segment boundary,
/// so "tests/**" covers "/repo/tests/a.py" as well as "tests/a.py". Matching ignores case: over-protecting is the safer mistake.
/// </summary>
public static class PathGlob
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    public static bool IsMatch(string glob, string path)
    {
        try
        {
            return Regex.IsMatch(Normalise(path), ToRegex(glob), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    public static string ToRegex(string glob)
    {
        var pattern = Normalise(glob.Trim());
        if (pattern.EndsWith('/'))
        {
            pattern += "**";
        }

        var anchored = pattern.StartsWith('/');
        if (anchored)
        {
            pattern = pattern.TrimStart('/');
        }

        var regex = new StringBuilder(anchored ? "^/?" : "(^|/)");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return regex.Append('$').ToString();
    }

    private static string Normalise(string path)
    {
        var normalised = path.Replace('\\', '/');
        while (normalised.StartsWith("./", StringComparison.Ordinal))
        {
            normalised = normalised[2..];
        }

        return normalised;
    }
}

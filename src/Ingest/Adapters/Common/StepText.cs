namespace Martin360.Ingest.Adapters.Common;

/// <summary>
/// Titles and objectives taken from agent text. A step's own input and output are not cut here: the storage
/// pipeline bounds them (TextBounds, head and tail) after verifier recognition has read the whole output.
/// </summary>
internal static class StepText
{
    public const int TitleChars = 200;

    public const int ObjectiveChars = 4000;

    public static string? Clip(string? text, int max, ref bool truncated)
    {
        if (text is null || text.Length <= max)
        {
            return text;
        }

        truncated = true;
        var cut = max;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut];
    }

    /// <summary>A one-line title from a message: its first non-empty line, bounded.</summary>
    public static string? Title(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        var ignored = false;
        return Clip(line, TitleChars, ref ignored);
    }

    public static string? Objective(string? text)
    {
        var ignored = false;
        return string.IsNullOrWhiteSpace(text) ? null : Clip(text.Trim(), ObjectiveChars, ref ignored);
    }

    /// <summary>The last segment of a path (a project name from a working directory).</summary>
    public static string? LastSegment(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var trimmed = path.TrimEnd('/', '\\');
        var slash = trimmed.LastIndexOfAny(['/', '\\']);
        var name = slash >= 0 ? trimmed[(slash + 1)..] : trimmed;
        return name.Length == 0 ? null : name;
    }
}

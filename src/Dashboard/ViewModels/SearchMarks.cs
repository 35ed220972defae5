namespace Martin360.Dashboard.ViewModels;

/// <summary>Splits a line into matching and non-matching pieces so the page can mark matches without building HTML.</summary>
public static class SearchMarks
{
    public static IReadOnlyList<TextPart> Split(string text, string? query)
    {
        if (string.IsNullOrEmpty(query) || text.Length == 0)
        {
            return [new TextPart(text, false)];
        }

        var parts = new List<TextPart>();
        var at = 0;
        while (at < text.Length)
        {
            var hit = text.IndexOf(query, at, StringComparison.OrdinalIgnoreCase);
            if (hit < 0)
            {
                break;
            }

            if (hit > at)
            {
                parts.Add(new TextPart(text[at..hit], false));
            }

            parts.Add(new TextPart(text.Substring(hit, query.Length), true));
            at = hit + query.Length;
        }

        if (at < text.Length)
        {
            parts.Add(new TextPart(text[at..], false));
        }

        return parts;
    }
}

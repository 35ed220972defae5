using System.Text;

namespace Martin360.Analysis.Text;

/// <summary>Renders untrusted trace text for one-line summaries: no control characters, no newlines, bounded.</summary>
public static class TextDisplay
{
    public static string OneLine(string? text, int max = 80)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(text.Length, max + 1));
        var lastWasSpace = false;
        var truncated = false;
        foreach (var c in text)
        {
            if (builder.Length >= max)
            {
                truncated = true;
                break;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (!lastWasSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            // Backticks would break the `command` quoting of summaries and next steps.
            builder.Append(c == '`' ? '\'' : c);
            lastWasSpace = false;
        }

        var result = builder.ToString().TrimEnd();
        return truncated ? result + "…" : result;
    }

    public static string StepRange(long first, long last) => first == last ? $"step {first}" : $"steps {first}–{last}";

    public static string StepList(IEnumerable<long> sequences, int max = 6)
    {
        var list = sequences.ToList();
        var shown = string.Join(", ", list.Take(max));
        return list.Count > max ? $"{shown} and {list.Count - max} more" : shown;
    }

    public static string Usd(decimal usd) => usd == 0 ? "$0" : usd < 0.01m ? $"${usd:0.####}" : $"${usd:0.00}";

    /// <summary>"42%": the invariant culture's P format would print "42 %".</summary>
    public static string Percent(double share) => $"{share * 100:0}%";
}

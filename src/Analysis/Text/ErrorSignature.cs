using System.Text.RegularExpressions;
using Martin360.Analysis.Model;

namespace Martin360.Analysis.Text;

/// <summary>
/// What a failure "is", independent of wording and line numbers: the failing test names when the verifier
/// reported them, else the exception type and the file it was raised in, else the first error line normalised.
/// </summary>
public static class ErrorSignature
{
    // NonBacktracking: trace text is untrusted, so no pattern may take super-linear time on it.
    private static readonly Regex s_exception = new(@"\b((?:[A-Za-z_][A-Za-z0-9_]*\.)*[A-Z][A-Za-z0-9_]*(?:Error|Exception|Failure))\b", RegexOptions.NonBacktracking);
    private static readonly Regex s_pythonLocation = new("File \"([^\"\\n]+)\", line [0-9]+", RegexOptions.NonBacktracking);
    private static readonly Regex s_fileLine = new(@"([A-Za-z0-9_./\\-]+\.[A-Za-z]{1,5}):[0-9]+", RegexOptions.NonBacktracking);

    private static readonly char[] s_punctuation = [',', '.', ';', ':', '!', '(', ')'];

    public static string? Of(Step step)
    {
        if (step.Verifier is { FailingTests.Count: > 0 } verifier)
        {
            return "tests: " + string.Join(", ", verifier.FailingTests.Order(StringComparer.Ordinal));
        }

        var output = step.Output;
        if (string.IsNullOrWhiteSpace(output))
        {
            return step.ExitCode is { } code and not 0 ? $"exit {code}" : null;
        }

        var text = Normalizer.Bounded(output);
        // Each pattern only runs when the literal every match of it contains is present (a vectorised search):
        // the same result, without a regex pass over outputs that cannot match.
        string? exception = null;
        if (text.Contains("Error", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal) || text.Contains("Failure", StringComparison.Ordinal))
        {
            foreach (Match match in s_exception.Matches(text))
            {
                exception = match.Groups[1].Value;
            }
        }

        string? location = null;
        if (text.Contains("File \"", StringComparison.Ordinal))
        {
            foreach (Match match in s_pythonLocation.Matches(text))
            {
                location = PathText.FileName(match.Groups[1].Value);
            }
        }

        if (location is null && text.Contains(':'))
        {
            foreach (Match match in s_fileLine.Matches(text))
            {
                location = PathText.FileName(match.Groups[1].Value);
            }
        }

        if (exception is not null)
        {
            return location is null ? exception : $"{exception} at {location}";
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Contains("error", StringComparison.OrdinalIgnoreCase) || line.Contains("fail", StringComparison.OrdinalIgnoreCase))
            {
                // A bare label ("ERROR:" on its own line, as OpenHands' editor prints) says nothing: the next line names the error.
                var head = Head(line);
                var next = lines.Skip(i + 1).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l));
                return head.Contains(' ', StringComparison.Ordinal) || next is null ? head : Head(line + " " + next);
            }
        }

        return step.ExitCode is { } exit and not 0 ? $"exit {exit}" : null;
    }

    /// <summary>Words of an error line that name the error without its particulars (quoted text, numbers, paths).</summary>
    public const int HeadWords = 5;

    private static string Head(string line)
    {
        var words = new List<string>(HeadWords);
        foreach (var word in Normalizer.Action(WithoutQuoted(line)).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = word.Trim(s_punctuation);
            if (trimmed.Length > 0)
            {
                words.Add(trimmed);
                if (words.Count == HeadWords)
                {
                    break;
                }
            }
        }

        return string.Join(' ', words);
    }

    /// <summary>Drops text between backticks or quotes: it is the particular (an old_str, a value), not the error.</summary>
    private static string WithoutQuoted(string line)
    {
        var builder = new System.Text.StringBuilder(line.Length);
        char? open = null;
        foreach (var c in line)
        {
            if (open is { } o)
            {
                if (c == o)
                {
                    open = null;
                }

                continue;
            }

            if (c is '`' or '"')
            {
                open = c;
                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}

using System.Globalization;
using Martin360.Analysis.Model;

namespace Martin360.Ingest.Limits;

/// <summary>
/// Keeps a step's text within the ingest limit: the head and the tail survive (a command's start and its
/// closing summary are what matter), the middle gives way to a marker saying how much was cut.
/// NUL characters are removed: they break storage and rendering and are never meaningful in a transcript.
/// </summary>
public static class TextBounds
{
    /// <summary>The default limit per text field of a step.</summary>
    public const int DefaultMaxChars = 64 * 1024;

    /// <summary>The step with NULs removed from its text and Input/Output cut to <paramref name="maxChars"/>; the same instance when nothing changed.</summary>
    public static Step Bound(Step step, int maxChars = DefaultMaxChars)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxChars);

        var input = Bound(step.Input, maxChars, out var inputCut);
        var output = Bound(step.Output, maxChars, out var outputCut);
        var command = StripNul(step.Command);
        var name = StripNul(step.Name);
        if (ReferenceEquals(input, step.Input) && ReferenceEquals(output, step.Output)
            && ReferenceEquals(command, step.Command) && ReferenceEquals(name, step.Name))
        {
            return step;
        }

        return step with
        {
            Input = input,
            Output = output,
            Command = command,
            Name = name,
            Truncated = step.Truncated || inputCut || outputCut,
        };
    }

    /// <summary>Every step of the trace bounded; the same instance when nothing changed.</summary>
    public static Trace Bound(Trace trace, int maxChars = DefaultMaxChars)
    {
        ArgumentNullException.ThrowIfNull(trace);
        Step[]? steps = null;
        for (var i = 0; i < trace.Steps.Count; i++)
        {
            var bounded = Bound(trace.Steps[i], maxChars);
            if (!ReferenceEquals(bounded, trace.Steps[i]))
            {
                steps ??= trace.Steps.ToArray();
                steps[i] = bounded;
            }
        }

        return steps is null ? trace : trace with { Steps = steps };
    }

    /// <summary>
    /// The text without NULs and at most <paramref name="maxChars"/> long (marker included): head, marker, tail.
    /// </summary>
    public static string? Bound(string? text, int maxChars, out bool truncated)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxChars);
        truncated = false;
        text = StripNul(text);
        if (text is null || text.Length <= maxChars)
        {
            return text;
        }

        truncated = true;

        // The marker's own length depends on the count it names; at most two passes settle it.
        var removed = text.Length - maxChars;
        var marker = Marker(removed);
        var keep = maxChars - marker.Length;
        if (keep < 2)
        {
            return text[..CutBefore(text, maxChars)];
        }

        removed = text.Length - keep;
        marker = Marker(removed);
        keep = maxChars - marker.Length;

        var headEnd = CutBefore(text, keep - (keep / 2));
        var tailStart = CutAfter(text, text.Length - (keep - headEnd));
        return string.Concat(text.AsSpan(0, headEnd), Marker(tailStart - headEnd), text.AsSpan(tailStart));
    }

    private static string Marker(int removed) =>
        "\n…[truncated " + removed.ToString(CultureInfo.InvariantCulture) + " chars]…\n";

    private static string? StripNul(string? text) =>
        text is not null && text.Contains('\0') ? text.Replace("\0", "", StringComparison.Ordinal) : text;

    // Never split a surrogate pair: a lone half is invalid text downstream.
    private static int CutBefore(string text, int index) =>
        index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) ? index - 1 : index;

    private static int CutAfter(string text, int index) =>
        index > 0 && index < text.Length && char.IsLowSurrogate(text[index]) ? index + 1 : index;
}

using System.Text.RegularExpressions;

namespace Martin360.Ingest.Adapters.Common;

/// <summary>
/// Decides whether an agent's final message of a turn claims the work is done. Deliberately conservative,
/// because analysis treats a claim as a promise to check ("unverified completion"):
/// <list type="bullet">
/// <item>only the last step of a turn of the main agent is considered (adapters decide which step that is);</item>
/// <item>the text must state completion in the first person or passive perfect ("I've created/fixed/implemented...",
/// "... has been created/fixed/completed", "all tests pass", "Done.", "... is complete", "✅ ... Complete");</item>
/// <item>a text that hedges or reports failure ("unable to", "could not", "failed to", "not yet", "still failing",
/// "partially") is never a claim, even when it also says "done".</item>
/// </list>
/// English only: a claim in another language stays an assistant message (a missed claim is safer than an invented one).
/// </summary>
internal static partial class CompletionClaims
{
    public static bool IsClaim(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        return Claim().IsMatch(text) && !Hedge().IsMatch(text);
    }

    [GeneratedRegex(
        @"\b(?:i|we)(?:'ve| have)\s+(?:now\s+)?(?:successfully\s+)?(?:completed|finished|fixed|implemented|created|resolved|added|updated|written|refactored)\b"
        + @"|\b(?:has|have)\s+been\s+(?:successfully\s+)?(?:completed|finished|fixed|implemented|created|resolved|updated|added)\b"
        + @"|\b(?:is|are)\s+(?:now\s+)?(?:complete|completed|done|fixed|resolved)\b"
        + @"|\ball\s+(?:the\s+)?(?:\d+\s+)?tests\s+(?:now\s+)?(?:pass|passed|are\s+passing)\b"
        + @"|\b(?:task|implementation|work|fix|creation)\s+(?:is\s+)?(?:complete|completed|done)\b"
        + @"|^\s*(?:all\s+)?(?:done|fixed|completed)\b[.!]",
        RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Claim();

    [GeneratedRegex(
        @"\b(?:unable\s+to|could\s+not|couldn't|cannot|can't|failed\s+to|not\s+yet|still\s+fail\w*|partially|was\s+not\s+able)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Hedge();
}

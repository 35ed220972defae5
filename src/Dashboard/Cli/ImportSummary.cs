using Martin360.Ingest.Adapters;
using Martin360.Ingest.Import;

namespace Martin360.Dashboard.Cli;

/// <summary>One readable line per imported file (plain text: it goes to terminals and to CI logs alike).</summary>
public static class ImportSummary
{
    private const int ShownErrors = 3;

    public static string Mark(ImportFileResult result) => result.Status switch
    {
        "imported" => "ok",
        "partial" => "PARTIAL",
        _ => "FAILED",
    };

    /// <summary>e.g. "ok      a/b.jsonl [claude-code] 1 run, 45 steps new, 0 duplicates".</summary>
    public static string Line(ImportFileResult result)
    {
        var runs = result.Runs.Count == 1 ? "1 run" : $"{result.Runs.Count} runs";
        var line = $"{Mark(result),-8}{result.Source} [{result.Format}] {runs}, {result.Steps} steps new, {result.DuplicateSteps} duplicates";
        if (result.RejectedRecords > 0)
        {
            line += $", {result.RejectedRecords} records rejected";
        }

        if (result.Warnings.Count > 0)
        {
            line += $", {result.Warnings.Count} warnings";
        }

        return line;
    }

    /// <summary>The first errors, each with its line number, indented under the file's line.</summary>
    public static IEnumerable<string> ErrorLines(ImportFileResult result)
    {
        foreach (var error in result.Errors.Take(ShownErrors))
        {
            yield return $"        {result.Source}: {Describe(error)}";
        }

        if (result.Errors.Count > ShownErrors)
        {
            yield return $"        ... and {result.Errors.Count - ShownErrors} more errors";
        }
    }

    private static string Describe(ImportIssue issue)
    {
        // Trace text is untrusted: keep one line, no control characters, bounded.
        var text = new string(issue.ToString().Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return text.Length > 300 ? text[..300] + "..." : text;
    }
}

namespace Martin360.Ingest.Adapters.Aider;

/// <summary>
/// Reads aider's .aider.chat.history.md: one run per "# aider chat started at" session, with the user's turns,
/// the model's replies (tokens and reported cost from aider's "Tokens: ... Cost: ..." lines), applied edits,
/// commits, files added to the chat, /run and /test commands with their output, and lint failures.
/// </summary>
public sealed class AiderChatHistoryAdapter : ITraceAdapter
{
    public const string FormatName = "aider";

    private const string Header = "# aider chat started at ";

    public string Format => FormatName;

    public bool CanRead(TraceSample sample) =>
        sample.Head.StartsWith(Header, StringComparison.Ordinal) || sample.Head.Contains("\n" + Header, StringComparison.Ordinal);

    public AdapterResult Read(string sourceName, string content)
    {
        var lines = content.Split('\n');
        var starts = new List<int>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith(Header, StringComparison.Ordinal))
            {
                starts.Add(i);
            }
        }

        if (starts.Count == 0)
        {
            return AdapterResult.Failed(Format, new ImportIssue(ImportIssueLevel.Error,
                $"not an aider chat history: no line starts with '{Header.TrimEnd()}'", 1));
        }

        var issues = new List<ImportIssue>();
        var traces = new List<Martin360.Analysis.Model.Trace>(starts.Count + 1);
        var ids = new RunIdSequence();

        // A history excerpt (or a file whose head was cut) starts inside a session: keep that tail rather than drop it.
        if (HasContent(lines, starts[0]))
        {
            issues.Add(new ImportIssue(ImportIssueLevel.Warning,
                $"lines 1-{starts[0]} come before the first session header; imported as a session without a start time", 1));
            traces.Add(new AiderSessionReader(lines, 0, starts[0], ids.Next(FormatName, AiderSessionReader.Banner(lines, 0, starts[0]))).Read(hasHeader: false, issues));
        }

        for (var s = 0; s < starts.Count; s++)
        {
            var end = s + 1 < starts.Count ? starts[s + 1] : lines.Length;
            traces.Add(new AiderSessionReader(lines, starts[s], end, ids.Next(FormatName, AiderSessionReader.Banner(lines, starts[s], end))).Read(hasHeader: true, issues));
        }

        return new AdapterResult { Format = Format, Traces = traces, Issues = issues };
    }

    // Emacs' mode line ("-*- mode: fundamental -*-") that aider's own fixtures start with is not content.
    private static bool HasContent(string[] lines, int end) =>
        lines.Take(end).Any(l => !string.IsNullOrWhiteSpace(l) && !l.TrimStart().StartsWith("-*-", StringComparison.Ordinal));
}

namespace Martin360.Ingest.Adapters.Shared;

/// <summary>One simple command of a command line (between &amp;&amp;, ||, ;, |, newlines); PipedInto when its input is a pipe.</summary>
internal sealed record ShellSegment(IReadOnlyList<ShellWord> Words, bool PipedInto)
{
    public IEnumerable<string> Arguments => Words.Where(w => !w.IsRedirect).Select(w => w.Text);

    public IEnumerable<string> OutputTargets => Words
        .Where(w => w.Redirect is ">" or ">>" && !IsStreamTarget(w.Text))
        .Select(w => w.Text);

    private static bool IsStreamTarget(string target) =>
        target.StartsWith('&') || target is "/dev/null" or "/dev/stdout" or "/dev/stderr";
}

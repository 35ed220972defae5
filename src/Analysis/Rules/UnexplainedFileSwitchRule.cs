using System.Buffers;
using Martin360.Analysis.Engine;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Text;

namespace Martin360.Analysis.Rules;

/// <summary>
/// The agent opens or edits a file that nothing before it explains: not the task, not any earlier output
/// (error, stack trace, search or listing result, file content, import), not its own earlier words (thoughts,
/// messages, commands). A file is named by its file name or, when that is not generic, by the first piece of
/// it (the module name an import or a sentence uses). Files the agent creates are its own and need no
/// explanation. Linear: one vectorised multi-string search over the run's text for the names of touched files.
/// </summary>
public sealed class UnexplainedFileSwitchRule : IFindingRule
{
    private const int TaskIndex = -1;

    public IEnumerable<Finding> Find(AnalysisContext context)
    {
        var touches = FirstTouches(context);
        if (touches.Count == 0)
        {
            return [];
        }

        var names = touches.SelectMany(t => NamesOf(t.Path)).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var firstMention = FirstMentions(context, names, touches[^1].Index);
        var findings = new List<Finding>();
        foreach (var touch in touches)
        {
            var explained = NamesOf(touch.Path).Any(n => firstMention.TryGetValue(n, out var at) && at < touch.Index);
            if (explained)
            {
                continue;
            }

            var from = touch.PreviousIndex < 0 ? "at the start of the run" : $"after {touch.PreviousPath} (step {context.Seq(touch.PreviousIndex)})";
            var verb = touch.Edited ? "edits" : "opens";
            var summary = $"Step {context.Seq(touch.Index)} {verb} {touch.Path} {from}: it is not named in the task, in any earlier output " +
                "(error, stack trace, search or listing result, file content) or in the agent's own earlier messages.";
            var evidence = touch.PreviousIndex >= 0 ? new[] { touch.PreviousIndex, touch.Index } : new[] { touch.Index };
            var (tokens, usd) = context.Spend(touch.Index, touch.Index);
            findings.Add(context.Build(FindingKind.UnexplainedFileSwitch, touch.Edited ? Severity.Warning : Severity.Info, touch.Edited ? 0.6 : 0.5,
                evidence, summary, tokens, usd));
        }

        return findings;
    }

    private static IEnumerable<string> NamesOf(string path)
    {
        var name = PathText.FileName(path);
        if (name.Length > 0)
        {
            yield return name;
        }

        var piece = PathText.FirstPiece(path);
        if (!PathText.IsGenericName(piece) && !string.Equals(piece, name, StringComparison.OrdinalIgnoreCase))
        {
            yield return piece;
        }
    }

    /// <summary>The first time each file is opened or edited (not created), with the file worked on just before.</summary>
    private static List<Touch> FirstTouches(AnalysisContext context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var touches = new List<Touch>();
        string? previousPath = null;
        var previousIndex = -1;
        for (var i = 0; i < context.Steps.Count; i++)
        {
            var facts = context.Facts[i];
            foreach (var created in facts.Created)
            {
                seen.Add(PathText.Key(created));
            }

            foreach (var (path, edited) in facts.Written.Select(p => (p, true)).Concat(facts.Read.Select(p => (p, false))))
            {
                if (seen.Add(PathText.Key(path)))
                {
                    touches.Add(new Touch(i, path, edited, previousPath, previousIndex));
                }
            }

            var touched = facts.Written.Count > 0 ? facts.Written[0] : facts.Read.Count > 0 ? facts.Read[0] : null;
            if (touched is not null)
            {
                previousPath = touched;
                previousIndex = i;
            }
        }

        return touches;
    }

    /// <summary>For each name, the index of the first step whose text names it (the task counts as before every step).</summary>
    private static Dictionary<string, int> FirstMentions(AnalysisContext context, string[] names, int lastTouch)
    {
        var first = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var search = SearchValues.Create(names, StringComparison.OrdinalIgnoreCase);
        var byInitial = names.GroupBy(n => char.ToLowerInvariant(n[0])).ToDictionary(g => g.Key, g => g.ToArray());

        void Scan(string? text, int index)
        {
            if (string.IsNullOrEmpty(text))
            {
                return;
            }

            var span = Normalizer.Bounded(text).AsSpan();
            while (first.Count < names.Length)
            {
                var at = span.IndexOfAny(search);
                if (at < 0)
                {
                    return;
                }

                foreach (var name in byInitial[char.ToLowerInvariant(span[at])])
                {
                    if (span[at..].StartsWith(name, StringComparison.OrdinalIgnoreCase))
                    {
                        first.TryAdd(name, index);
                    }
                }

                span = span[(at + 1)..];
            }
        }

        Scan(context.TaskText, TaskIndex);

        // Only text before the last first-touch can explain anything.
        for (var i = 0; i < lastTouch && first.Count < names.Length; i++)
        {
            var step = context.Steps[i];
            Scan(step.Input, i);
            Scan(step.Command, i);
            Scan(step.Output, i);
        }

        return first;
    }

    private sealed record Touch(int Index, string Path, bool Edited, string? PreviousPath, int PreviousIndex);
}

using Martin360.Analysis.Engine;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Text;

namespace Martin360.Analysis.Rules;

/// <summary>
/// The agent opens or edits a file that nothing before it explains: not the task, not any earlier output
/// (error, stack trace, search or listing result, file content, import), not its own earlier words (thoughts,
/// messages, commands). Files the agent creates are its own and need no explanation. Linear: one mention index
/// grows as the run is read.
/// </summary>
public sealed class UnexplainedFileSwitchRule : IFindingRule
{
    public IEnumerable<Finding> Find(AnalysisContext context)
    {
        var mentions = new MentionIndex();
        mentions.Add(context.TaskText);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var findings = new List<Finding>();
        string? previousFile = null;
        var previousIndex = -1;

        for (var i = 0; i < context.Steps.Count; i++)
        {
            var step = context.Steps[i];
            var facts = context.Facts[i];
            foreach (var created in facts.Created)
            {
                seen.Add(PathText.Key(created));
            }

            foreach (var (path, edited) in facts.Written.Select(p => (p, true)).Concat(facts.Read.Select(p => (p, false))))
            {
                var key = PathText.Key(path);
                if (!seen.Add(key))
                {
                    continue;
                }

                if (!mentions.Explains(path))
                {
                    var from = previousFile is null ? "at the start of the run" : $"after {previousFile} (step {context.Seq(previousIndex)})";
                    var verb = edited ? "edits" : "opens";
                    var summary = $"Step {context.Seq(i)} {verb} {path} {from}: it is not named in the task, in any earlier output " +
                        "(error, stack trace, search or listing result, file content) or in the agent's own earlier messages.";
                    var evidence = previousIndex >= 0 ? new[] { previousIndex, i } : new[] { i };
                    var (tokens, usd) = context.Spend(i, i);
                    findings.Add(context.Build(FindingKind.UnexplainedFileSwitch, edited ? Severity.Warning : Severity.Info, edited ? 0.6 : 0.5,
                        evidence, summary, tokens, usd));
                }
            }

            var touched = facts.Written.Count > 0 ? facts.Written[0] : facts.Read.Count > 0 ? facts.Read[0] : null;
            if (touched is not null)
            {
                previousFile = touched;
                previousIndex = i;
            }

            // Only now: a step's own arguments name its file and would explain everything.
            mentions.Add(step.Input);
            mentions.Add(step.Command);
            mentions.Add(step.Output);
        }

        return findings;
    }
}

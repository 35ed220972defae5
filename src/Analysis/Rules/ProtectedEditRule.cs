using Martin360.Analysis.Engine;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Text;

namespace Martin360.Analysis.Rules;

/// <summary>
/// Tests, configuration, lockfiles, CI files or migrations changed during a fix. Path-based and certain about
/// what changed; whether it is allowed is a policy's call, so the severity only separates the agent's own new
/// files (info) from changes to files that existed before (warning).
/// </summary>
public sealed class ProtectedEditRule : IFindingRule
{
    public IEnumerable<Finding> Find(AnalysisContext context)
    {
        var byFile = new Dictionary<string, (string Path, PathCategory Category, List<int> Steps, bool CreatedFirst)>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = 0; i < context.Steps.Count; i++)
        {
            var facts = context.Facts[i];
            if (facts.Failed)
            {
                continue;
            }

            foreach (var path in facts.Written)
            {
                var category = PathCategories.Of(path);
                if (category == PathCategory.None)
                {
                    continue;
                }

                var key = PathText.Key(path);
                if (!byFile.TryGetValue(key, out var entry))
                {
                    var created = facts.Created.Any(c => PathText.Key(c) == key);
                    entry = (path, category, [], created);
                    byFile[key] = entry;
                    order.Add(key);
                }

                entry.Steps.Add(i);
            }
        }

        foreach (var key in order)
        {
            var (path, category, steps, createdFirst) = byFile[key];
            var sequences = steps.Select(context.Seq).Distinct().ToList();
            var what = category switch
            {
                PathCategory.Test => "Test file",
                PathCategory.Config => "Configuration file",
                PathCategory.Lockfile => "Lockfile",
                PathCategory.CiFile => "CI file",
                _ => "Migration",
            };
            var origin = createdFirst ? " (created by the agent)" : "";
            var summary = $"{what} {path}{origin} changed during the fix at step{(sequences.Count > 1 ? "s" : "")} {TextDisplay.StepList(sequences)}.";
            yield return context.StepsFinding(FindingKind.ProtectedEdit, createdFirst ? Severity.Info : Severity.Warning, 0.9, steps, summary);
        }
    }
}

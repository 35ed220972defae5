using Martin360.Analysis.Model;
using Martin360.Ingest.Http;

namespace Martin360.Dashboard.ViewModels.Panels;

/// <summary>Every file the run read or changed, in order, with the moves between files and the unexplained ones.</summary>
public static class FilesPanel
{
    private const string UnexplainedSwitch = "unexplained_file_switch";

    public static IReadOnlyList<FileTouchRow> Build(IReadOnlyList<Step> steps, IReadOnlyList<FindingView> findings)
    {
        var flagged = FlaggedTouches(steps, findings);
        var rows = new List<FileTouchRow>();
        string? previous = null;
        foreach (var step in steps)
        {
            foreach (var file in step.Files)
            {
                var isSwitch = previous is not null && !string.Equals(previous, file.Path, StringComparison.Ordinal);
                rows.Add(new FileTouchRow(step.Sequence, file.Action.ToWire(), file.Path, isSwitch, flagged.Contains((step.Sequence, file.Path)), step.Agent));
                previous = file.Path;
            }
        }

        return rows;
    }

    /// <summary>
    /// The rule's evidence ends with the step that switched and its summary names the file it switched to; when the
    /// summary names none of that step's files (a rule phrased differently), every file of that step is flagged.
    /// </summary>
    private static HashSet<(long, string)> FlaggedTouches(IReadOnlyList<Step> steps, IReadOnlyList<FindingView> findings)
    {
        var flagged = new HashSet<(long, string)>();
        var switches = findings.Where(f => f.Kind == UnexplainedSwitch && f.Steps.Count > 0).ToArray();
        if (switches.Length == 0)
        {
            return flagged;
        }

        var bySequence = steps.GroupBy(s => s.Sequence).ToDictionary(g => g.Key, g => g.SelectMany(s => s.Files).Select(f => f.Path).Distinct().ToArray());
        foreach (var finding in switches)
        {
            var at = finding.Steps[^1];
            if (!bySequence.TryGetValue(at, out var paths))
            {
                continue;
            }

            var named = paths.Where(p => finding.Summary.Contains(p, StringComparison.Ordinal)).ToArray();
            foreach (var path in named.Length > 0 ? named : paths)
            {
                flagged.Add((at, path));
            }
        }

        return flagged;
    }
}

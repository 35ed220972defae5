using Martin360.Analysis.Model;

namespace Martin360.Dashboard.ViewModels.Panels;

/// <summary>The run's verifier runs in order, so a reader sees whether tests went from red to green or the other way.</summary>
public static class VerifierPanel
{
    public static IReadOnlyList<VerifierRunRow> Build(IReadOnlyList<Step> steps)
    {
        var rows = new List<VerifierRunRow>();
        foreach (var step in steps.Where(s => s.Kind == StepKind.VerifierRun || s.Verifier is not null))
        {
            var verifier = step.Verifier;
            rows.Add(new VerifierRunRow
            {
                Number = rows.Count + 1,
                Sequence = step.Sequence,
                Command = step.Command ?? step.Name ?? verifier?.Framework ?? "verifier",
                Framework = verifier?.Framework,
                Passed = verifier?.Passed,
                Failed = verifier?.Failed,
                Skipped = verifier?.Skipped,

                // A verifier that did not report success is judged by its exit code, as the timeline does.
                Success = verifier?.Success ?? (step.ExitCode is { } code ? code == 0 : step.IsError ? false : null),
                FailingTests = verifier?.FailingTests ?? [],
            });
        }

        return rows;
    }
}

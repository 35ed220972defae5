using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;

namespace Martin360.Analysis;

/// <summary>Computes a run's verification record from its steps.</summary>
public static class Verification
{
    public static VerificationRecord Compute(IReadOnlyList<Step> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var claimedDone = false;
        var verifierRuns = 0;
        bool? lastPassed = null;
        long lastEdit = long.MinValue;
        long lastPassingVerifier = long.MinValue;

        foreach (var step in steps.OrderBy(s => s.Sequence))
        {
            if (step.Kind == StepKind.CompletionClaim)
            {
                claimedDone = true;
            }

            if (IsEdit(step))
            {
                lastEdit = Math.Max(lastEdit, step.Sequence);
            }

            if (IsVerifierRun(step))
            {
                verifierRuns++;
                lastPassed = RunPassed(step);
                if (lastPassed == true)
                {
                    lastPassingVerifier = step.Sequence;
                }
            }
        }

        return new VerificationRecord
        {
            ClaimedDone = claimedDone,
            VerifierRuns = verifierRuns,
            LastVerifierPassed = lastPassed,
            VerifiedAfterLastEdit = lastPassed == true && lastPassingVerifier > lastEdit,
        };
    }

    /// <summary>A verifier run: a step with verifier results, or a step the adapter classified as one.</summary>
    public static bool IsVerifierRun(Step step) => step.Verifier is not null || step.Kind == StepKind.VerifierRun;

    /// <summary>An edit: a file edit/create/delete step, or any step that reports a file it changed.</summary>
    public static bool IsEdit(Step step) =>
        step.Kind is StepKind.FileEdit or StepKind.FileCreate or StepKind.FileDelete
        || step.Files.Any(f => f.Action != FileAction.Read);

    /// <summary>A verifier passed when it says so, or else when nothing failed and the command exited 0.</summary>
    public static bool Passed(Step step, VerifierResult verifier)
    {
        if (verifier.Success is { } success)
        {
            return success;
        }

        if (verifier.Failed is > 0 || step.ExitCode is > 0 || step.IsError)
        {
            return false;
        }

        return verifier.Passed is > 0 || step.ExitCode == 0;
    }

    /// <summary>Whether a verifier run passed: its reported result, else its exit status.</summary>
    public static bool RunPassed(Step step) =>
        step.Verifier is { } verifier ? Passed(step, verifier) : !step.IsError && step.ExitCode is null or 0;
}

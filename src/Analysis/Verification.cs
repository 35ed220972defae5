using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;

namespace Martin360.Analysis;

/// <summary>Computes a run's verification record from its steps.</summary>
public static class Verification
{
    public static VerificationRecord Compute(IReadOnlyList<Step> steps)
    {
        var claimedDone = false;
        var verifierRuns = 0;
        bool? lastPassed = null;
        long lastEdit = long.MinValue;
        long lastPassingVerifier = long.MinValue;

        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case StepKind.CompletionClaim:
                    claimedDone = true;
                    break;
                case StepKind.FileEdit or StepKind.FileCreate or StepKind.FileDelete:
                    lastEdit = step.Sequence;
                    break;
            }

            if (step.Verifier is { } verifier)
            {
                verifierRuns++;
                lastPassed = Passed(step, verifier);
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
}

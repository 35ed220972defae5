using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;

namespace Martin360.Analysis;

/// <summary>The entry point of analysis: a trace in, findings, outcome and next steps out. Pure and deterministic.</summary>
public static class TraceAnalyzer
{
    public static AnalysisResult Analyze(Trace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var verification = Verification.Compute(trace.Steps);
        var findings = new List<Finding>();

        if (verification.ClaimedDone && !verification.VerifiedAfterLastEdit)
        {
            var claim = trace.Steps.Last(s => s.Kind == StepKind.CompletionClaim);
            findings.Add(new Finding
            {
                Kind = FindingKind.UnverifiedCompletion,
                Severity = Severity.Warning,
                Confidence = 0.9,
                Steps = [claim.Sequence],
                Summary = verification.VerifierRuns == 0
                    ? $"Claimed done at step {claim.Sequence} without ever running a verifier."
                    : $"Claimed done at step {claim.Sequence} without a passing verifier after the last edit.",
            });
        }

        var outcome = OutcomeOf(trace.Run, verification);
        var recommendations = findings.Count == 0
            ? Array.Empty<string>()
            : new[] { "Run the project's tests before merging: the agent's claim of done is not backed by a passing verifier." };

        return new AnalysisResult
        {
            Outcome = outcome,
            Verification = verification,
            Findings = findings,
            Recommendations = recommendations,
        };
    }

    private static Outcome OutcomeOf(Run run, VerificationRecord verification)
    {
        if (run.Status == RunStatus.Running)
        {
            return Outcome.InProgress;
        }

        if (verification.ClaimedDone)
        {
            if (verification.VerifiedAfterLastEdit)
            {
                return Outcome.VerifiedSuccess;
            }

            return verification.LastVerifierPassed == false ? Outcome.FailedVerification : Outcome.UnverifiedClaim;
        }

        return run.Status switch
        {
            RunStatus.Aborted or RunStatus.Failed => Outcome.Aborted,
            _ => Outcome.Unknown,
        };
    }
}

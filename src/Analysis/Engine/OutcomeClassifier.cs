using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;

namespace Martin360.Analysis.Engine;

/// <summary>How a run ended, judged on evidence: the verification record and the findings, then the agent's own status.</summary>
public static class OutcomeClassifier
{
    public static Outcome Classify(AnalysisContext context, IReadOnlyList<Finding> findings)
    {
        var run = context.Run;
        var record = context.Verification;
        if (run.Status == RunStatus.Running)
        {
            return Outcome.InProgress;
        }

        // Critical budget burn means a hard cap or the agent's own limit ended the run.
        if (findings.Any(f => f.Kind == FindingKind.BudgetBurn && f.Severity == Severity.Critical))
        {
            return Outcome.BudgetExhausted;
        }

        if (record.ClaimedDone)
        {
            if (record.VerifiedAfterLastEdit)
            {
                return Outcome.VerifiedSuccess;
            }

            return record.LastVerifierPassed == false ? Outcome.FailedVerification : Outcome.UnverifiedClaim;
        }

        if (IsStuck(context, findings))
        {
            return Outcome.Stuck;
        }

        if (run.Status is RunStatus.Aborted or RunStatus.Failed)
        {
            return Outcome.Aborted;
        }

        if (run.Status == RunStatus.Completed && record.VerifierRuns > 0)
        {
            if (record.VerifiedAfterLastEdit)
            {
                return Outcome.VerifiedSuccess;
            }

            if (record.LastVerifierPassed == false)
            {
                return Outcome.FailedVerification;
            }
        }

        return Outcome.Unknown;
    }

    /// <summary>A loop or repeated strategy that runs into the last thing the agent did (final messages aside).</summary>
    public static bool IsStuck(AnalysisContext context, IReadOnlyList<Finding> findings)
    {
        long? lastAction = null;
        for (var k = context.ActionIndices.Count - 1; k >= 0; k--)
        {
            var step = context.Steps[context.ActionIndices[k]];
            if (step.Kind is not (StepKind.AssistantMessage or StepKind.CompletionClaim or StepKind.UserMessage))
            {
                lastAction = step.Sequence;
                break;
            }
        }

        return lastAction is { } last && findings.Any(f => f.Kind is FindingKind.Loop or FindingKind.RepeatedStrategy && f.Steps.Count > 0 && f.Steps[^1] >= last);
    }
}

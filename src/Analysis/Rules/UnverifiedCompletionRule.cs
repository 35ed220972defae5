using Martin360.Analysis.Engine;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Analysis.Text;

namespace Martin360.Analysis.Rules;

/// <summary>
/// The agent claims done (or submits) while no verifier ran after its last edit, or the last verifier failed,
/// or no verifier ever ran. The agent's word is not evidence; a passing verifier after the last change is.
/// </summary>
public sealed class UnverifiedCompletionRule : IFindingRule
{
    public IEnumerable<Finding> Find(AnalysisContext context)
    {
        var record = context.Verification;
        if (!record.ClaimedDone || record.VerifiedAfterLastEdit)
        {
            yield break;
        }

        var (_, lastEdit, lastVerifier, claim) = context.VerificationPoints;
        var claimSeq = context.Seq(claim);

        string summary;
        Severity severity;
        if (lastVerifier < 0)
        {
            summary = $"Claimed done at step {claimSeq} without ever running a verifier (tests, build or reproduction script).";
            severity = lastEdit >= 0 ? Severity.Critical : Severity.Warning;
        }
        else if (record.LastVerifierPassed == false)
        {
            summary = $"Claimed done at step {claimSeq} although the last verifier run, `{context.Describe(lastVerifier, 60)}` at step {context.Seq(lastVerifier)}, failed.";
            severity = Severity.Critical;
        }
        else
        {
            summary = $"Claimed done at step {claimSeq} without a verifier after the last edit at step {context.Seq(lastEdit)} " +
                $"(last verifier: `{context.Describe(lastVerifier, 60)}` at step {context.Seq(lastVerifier)}).";
            severity = Severity.Warning;
        }

        var evidence = new[] { lastVerifier, lastEdit, claim }.Where(i => i >= 0);

        // What was spent after the last trustworthy point (the last verifier, else the start) went unchecked.
        var from = Math.Max(lastVerifier, 0);
        var (tokens, usd) = context.Spend(from, claim);
        var indices = evidence.Distinct().Order().ToArray();
        yield return context.Build(FindingKind.UnverifiedCompletion, severity, 0.9, indices, summary, tokens, usd);
    }
}

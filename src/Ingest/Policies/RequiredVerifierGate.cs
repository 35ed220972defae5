using System.Globalization;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;

namespace Martin360.Ingest.Policies;

/// <summary>
/// "Required verifiers before a completion counts": a run the analysis calls a verified success is an unverified claim
/// while a verifier its project's policy requires has not passed before the last completion claim (or, with no claim,
/// anywhere in the run). Pure: the caller brings the analysis, the trace and the policy.
/// </summary>
public static class RequiredVerifierGate
{
    public static AnalysisResult Apply(AnalysisResult result, Trace trace, Policy policy)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(policy);
        if (result.Outcome != Outcome.VerifiedSuccess || policy.RequiredVerifiers.Count == 0)
        {
            return result;
        }

        var claim = trace.Steps.LastOrDefault(s => s.Kind == StepKind.CompletionClaim)?.Sequence ?? long.MaxValue;
        var missing = policy.RequiredVerifiers
            .Where(required => !trace.Steps.Any(s => s.Sequence < claim && PolicyEvaluator.IsVerifier(required, s) && PolicyEvaluator.Passed(s)))
            .ToArray();
        if (missing.Length == 0)
        {
            return result;
        }

        var names = string.Join(", ", missing.Select(m => $"`{m}`"));
        var advice = string.Create(CultureInfo.InvariantCulture,
            $"Run {names} and see it pass: the project's policy requires it before a completion counts as verified.");
        return result with { Outcome = Outcome.UnverifiedClaim, Recommendations = [advice, .. result.Recommendations] };
    }
}

using Martin360.Analysis.Engine;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Analysis.Rules;

namespace Martin360.Analysis;

/// <summary>
/// The entry point of analysis: a trace in, findings, outcome and next steps out. Pure and deterministic:
/// the same trace gives the same findings in the same order, and step ids never influence anything.
/// Every rule is linear in the run (loops: O(steps x max period)), so re-running on each live append is cheap.
/// </summary>
public static class TraceAnalyzer
{
    /// <summary>The rules, in a fixed order (no scanning): adding one is adding a line here.</summary>
    public static IReadOnlyList<IFindingRule> Rules { get; } =
    [
        new LoopRule(),
        new RepeatedStrategyRule(),
        new UnexplainedFileSwitchRule(),
        new UnverifiedCompletionRule(),
        new UnrelatedErrorChaseRule(),
        new BudgetBurnRule(),
        new ProtectedEditRule(),
        new HollowTestRule(),
        new SecurityRule(),
    ];

    public static AnalysisResult Analyze(Trace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var context = AnalysisContext.Create(trace);
        var findings = Rules.SelectMany(rule => rule.Find(context)).ToList();
        findings.Sort(FindingOrder.Instance);

        var outcome = OutcomeClassifier.Classify(context, findings);
        return new AnalysisResult
        {
            Outcome = outcome,
            Verification = context.Verification,
            Findings = findings,
            Recommendations = NextSteps.For(context, outcome, findings),
        };
    }
}

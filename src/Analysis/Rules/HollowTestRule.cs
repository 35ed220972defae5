using System.Text.RegularExpressions;
using Martin360.Analysis.Engine;
using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Analysis.Text;

namespace Martin360.Analysis.Rules;

/// <summary>
/// Tests the agent added or changed (read from the edit's input text) that assert nothing, assert only trivially,
/// or never mention the code the agent changed: a passing suite then proves nothing. Like MartinLoop's gate,
/// the finding is critical when at least half of the run's test writes look hollow.
/// </summary>
public sealed class HollowTestRule : IFindingRule
{
    /// <summary>Share of hollow test writes at which the run's tests prove nothing (MartinLoop fails a run there).</summary>
    public const double CriticalShare = 0.5;

    // NonBacktracking: edit text is untrusted.
    private static readonly Regex s_testDefinition = new(
        @"\bdef test\w*|\bfunc Test\w*|\b(?:it|test)\s*\(|\[(?:Fact|Theory|Test|TestMethod)\b|@Test\b|#\[test\]|\bfn test_\w*",
        RegexOptions.NonBacktracking);

    private static readonly Regex s_assertion = new(
        @"\bassert\w*|\bexpect\s*\(|\bAssert\.\w+|\.should\b|\bt\.(?:Error|Errorf|Fatal|Fatalf|Fail)\b|\brequire\.\w+|\bassertThat\b|pytest\.raises",
        RegexOptions.NonBacktracking);

    private static readonly Regex s_trivial = new(
        @"\bassert\s+True\b|\bassert\s+true\b|\bassert\s+1\s*==\s*1\b|\bassert\s+not\s+False\b|\bexpect\(\s*(?:true|1)\s*\)\.toBe(?:Truthy\(\s*|\(\s*(?:true|1)\s*)\)|\bAssert\.True\(\s*true\s*\)|\bassertTrue\(\s*True\s*\)|\bAssert\.Pass\(\s*\)",
        RegexOptions.NonBacktracking);

    public IEnumerable<Finding> Find(AnalysisContext context)
    {
        var changedCode = ChangedCodeNames(context);
        var testWrites = 0;
        var hollow = new List<(int Index, string Path, string Reason, double Confidence)>();
        for (var i = 0; i < context.Steps.Count; i++)
        {
            var facts = context.Facts[i];
            if (facts.Failed || IsDelete(context.Steps[i]))
            {
                continue;
            }

            var testPath = facts.Written.FirstOrDefault(PathCategories.IsTest);
            if (testPath is null)
            {
                continue;
            }

            var content = Normalizer.Bounded(context.Steps[i].Input ?? context.Steps[i].Command ?? "");
            var tests = s_testDefinition.Count(content);
            var assertions = s_assertion.Count(content);
            var trivial = s_trivial.Count(content);
            if (tests == 0 && assertions == 0)
            {
                // A helper or fixture edit: nothing to judge.
                continue;
            }

            testWrites++;
            if (tests > 0 && assertions == 0)
            {
                hollow.Add((i, testPath, "asserts nothing", 0.85));
            }
            else if (assertions > 0 && assertions == trivial)
            {
                hollow.Add((i, testPath, "asserts only trivially (e.g. `assert True`)", 0.9));
            }
            else if (changedCode.Count > 0 && !changedCode.Any(name => content.Contains(name, StringComparison.OrdinalIgnoreCase)))
            {
                var names = string.Join(", ", changedCode.Order(StringComparer.Ordinal).Take(3));
                hollow.Add((i, testPath, $"never mentions the code the agent changed ({names})", 0.6));
            }
        }

        var critical = testWrites > 0 && hollow.Count >= CriticalShare * testWrites;
        foreach (var group in hollow.GroupBy(h => PathText.Key(h.Path)))
        {
            var items = group.ToList();
            var sequences = items.Select(h => context.Seq(h.Index)).ToList();
            var summary = $"Test {items[0].Path} written at step{(sequences.Count > 1 ? "s" : "")} {TextDisplay.StepList(sequences)} {items[0].Reason}: a passing run of it proves nothing.";
            yield return context.StepsFinding(FindingKind.HollowTest, critical ? Severity.Critical : Severity.Warning, items.Max(h => h.Confidence),
                items.Select(h => h.Index), summary);
        }
    }

    /// <summary>The names by which a test would reach the non-test code the agent changed (file name pieces, not generic ones).</summary>
    private static HashSet<string> ChangedCodeNames(AnalysisContext context)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < context.Steps.Count; i++)
        {
            var facts = context.Facts[i];
            if (facts.Failed || IsDelete(context.Steps[i]))
            {
                continue;
            }

            foreach (var path in facts.Written)
            {
                if (PathCategories.Of(path) != PathCategory.None || facts.Created.Contains(path))
                {
                    continue;
                }

                var piece = PathText.FirstPiece(path);
                if (!PathText.IsGenericName(piece))
                {
                    names.Add(piece);
                }
            }
        }

        return names;
    }

    private static bool IsDelete(Step step) =>
        step.Kind == StepKind.FileDelete || step.Files.Any(f => f.Action == FileAction.Delete)
        || (step.Command?.TrimStart().StartsWith("rm ", StringComparison.Ordinal) ?? false);
}

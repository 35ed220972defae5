using Martin360.Analysis.Findings;

namespace Martin360.Analysis.Tests.Rules;

public sealed class RepeatedStrategyRuleTests
{
    private const string Failure = "FAILED tests/test_dates.py::test_negative - AssertionError";

    [Fact]
    public void Analyze_SameFileEditedAndSameTestFailingThreeTimes_FlagsRepeatedStrategy()
    {
        var trace = new TraceBuilder()
            .Test("pytest tests/test_dates.py", false, Failure, "tests/test_dates.py::test_negative")
            .Edit("django/utils/dateparse.py", "lookahead (?=-?\\d+)")
            .Test("pytest tests/test_dates.py", false, Failure, "tests/test_dates.py::test_negative")
            .Edit("django/utils/dateparse.py", "make the minutes group optional")
            .Test("pytest tests/test_dates.py", false, Failure, "tests/test_dates.py::test_negative");

        var finding = Assert.Single(Analyze.Findings(trace, FindingKind.RepeatedStrategy));

        Assert.Equal([1, 2, 3, 4, 5], finding.Steps);
        Assert.Contains("django/utils/dateparse.py edited 2 times", finding.Summary);
        Assert.Contains("failed 3 times", finding.Summary);
        Assert.Contains("test_negative", finding.Summary);
    }

    [Fact]
    public void Analyze_EachEditMovesTheFailure_IsNotRepeatedStrategy()
    {
        var trace = new TraceBuilder()
            .Test("pytest", false, "FAILED test_a", "test_a")
            .Edit("src/a.py", "one")
            .Test("pytest", false, "FAILED test_b", "test_b")
            .Edit("src/a.py", "two")
            .Test("pytest", false, "FAILED test_c", "test_c");

        Assert.Empty(Analyze.Findings(trace, FindingKind.RepeatedStrategy));
    }

    [Fact]
    public void Analyze_PassBetweenAttempts_ResetsTheCount()
    {
        var trace = new TraceBuilder()
            .Test("pytest", false, Failure, "test_negative")
            .Edit("src/a.py", "one")
            .Test("pytest", false, Failure, "test_negative")
            .Edit("src/a.py", "two")
            .Test("pytest", true, "5 passed")
            .Edit("src/a.py", "three")
            .Test("pytest", false, Failure, "test_negative");

        Assert.Empty(Analyze.Findings(trace, FindingKind.RepeatedStrategy));
    }

    [Fact]
    public void Analyze_SameFailureWithoutEditsBetween_IsNotRepeatedStrategy()
    {
        // Re-running without changing anything is the loop rule's business, not a retried strategy.
        var trace = new TraceBuilder().Repeat(3, b => b.Test("pytest", false, Failure, "test_negative"));

        Assert.Empty(Analyze.Findings(trace, FindingKind.RepeatedStrategy));
    }

    [Fact]
    public void Analyze_ExceptionTypeAndLocationAsSignature_IgnoresLineNumbers()
    {
        static string Traceback(int line) => $"Traceback (most recent call last):\n  File \"/repo/src/a.py\", line {line}, in f\nKeyError: 'x'";
        var trace = new TraceBuilder()
            .Add(Model.StepKind.VerifierRun, s => s with { Command = "python repro.py", Output = Traceback(10), ExitCode = 1 })
            .Edit("src/a.py", "first try")
            .Add(Model.StepKind.VerifierRun, s => s with { Command = "python repro.py", Output = Traceback(12), ExitCode = 1 })
            .Edit("src/a.py", "second try")
            .Add(Model.StepKind.VerifierRun, s => s with { Command = "python repro.py", Output = Traceback(15), ExitCode = 1 });

        var finding = Assert.Single(Analyze.Findings(trace, FindingKind.RepeatedStrategy));

        Assert.Contains("KeyError at a.py", finding.Summary);
    }
}

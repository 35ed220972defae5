using Martin360.Analysis.Findings;

namespace Martin360.Analysis.Tests.Rules;

public sealed class UnverifiedCompletionRuleTests
{
    [Fact]
    public void Analyze_ClaimWithoutAnyVerifier_FlagsCriticalAndSaysSo()
    {
        var trace = new TraceBuilder().Edit("src/a.py", "fix").Claim();

        var result = Analyze.Run(trace);

        var finding = Assert.Single(result.Findings, f => f.Kind == FindingKind.UnverifiedCompletion);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Contains("without ever running a verifier", finding.Summary);
        Assert.Equal(Outcome.UnverifiedClaim, result.Outcome);
        Assert.Equal(0, result.Verification.VerifierRuns);
    }

    [Fact]
    public void Analyze_ClaimAfterFailingVerifier_RecommendsRerunningThatCommandNamingTheSteps()
    {
        var trace = new TraceBuilder()
            .Edit("src/x.py", "fix")
            .Test("pytest tests/x.py", false, "FAILED test_x", "test_x")
            .Message("Looks fine to me.")
            .Claim();

        var result = Analyze.Run(trace);

        var finding = Assert.Single(result.Findings, f => f.Kind == FindingKind.UnverifiedCompletion);
        Assert.Equal([1, 2, 4], finding.Steps);
        Assert.Equal(Outcome.FailedVerification, result.Outcome);
        Assert.Contains("Re-run `pytest tests/x.py` before merging: the last run at step 2 failed and the agent claimed done at step 4.", result.Recommendations);
    }

    [Fact]
    public void Analyze_EditAfterThePassingVerifier_FlagsNoVerifierAfterLastEdit()
    {
        var trace = new TraceBuilder()
            .Edit("src/x.py", "fix")
            .Test("pytest", true, "5 passed")
            .Edit("src/x.py", "one more tweak")
            .Claim();

        var result = Analyze.Run(trace);

        var finding = Assert.Single(result.Findings, f => f.Kind == FindingKind.UnverifiedCompletion);
        Assert.Contains("without a verifier after the last edit at step 3", finding.Summary);
        Assert.False(result.Verification.VerifiedAfterLastEdit);
        Assert.True(result.Verification.LastVerifierPassed);
    }

    [Fact]
    public void Analyze_ClaimAfterPassingVerifierAfterLastEdit_IsVerifiedSuccess()
    {
        var trace = new TraceBuilder().Edit("src/x.py", "fix").Test("pytest", true, "5 passed").Claim();

        var result = Analyze.Run(trace);

        Assert.DoesNotContain(result.Findings, f => f.Kind == FindingKind.UnverifiedCompletion);
        Assert.Equal(Outcome.VerifiedSuccess, result.Outcome);
        Assert.True(result.Verification.ClaimedDone);
        Assert.True(result.Verification.VerifiedAfterLastEdit);
    }
}

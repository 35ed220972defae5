using Martin360.Analysis.Model;
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

    [Fact]
    public void Analyze_DeletingTheAgentsOwnScratchFilesAfterThePassingVerifier_StaysVerified()
    {
        // As in mini-swe-agent/django__django-10999: a reproduction script and a scratch test written with heredocs,
        // tests pass, then `rm` of both before submitting. The repository is back to the verified state.
        var trace = new TraceBuilder()
            .Shell("cat <<'EOF' > reproduce_issue.py\nprint(parse('-1:00'))\nEOF")
            .Edit("django/utils/dateparse.py", "fix the regex")
            .Shell("cat <<'EOF' > tests/test_scratch.py\nassert parse('-1:00')\nEOF")
            .Test("python tests/runtests.py utils_tests", true, "OK")
            .Shell("rm reproduce_issue.py tests/test_scratch.py")
            .Claim();

        var result = Analyze.Run(trace);

        Assert.True(result.Verification.VerifiedAfterLastEdit);
        Assert.Equal(Outcome.VerifiedSuccess, result.Outcome);
    }

    [Fact]
    public void Analyze_DeletingAProjectFileAfterThePassingVerifier_IsAnUnverifiedEdit()
    {
        var trace = new TraceBuilder()
            .Read("src/legacy.py")
            .Edit("src/x.py", "fix")
            .Test("pytest", true, "5 passed")
            .Shell("rm src/legacy.py")
            .Claim();

        var result = Analyze.Run(trace);

        Assert.False(result.Verification.VerifiedAfterLastEdit);
        Assert.Contains(result.Findings, f => f.Kind == FindingKind.UnverifiedCompletion && f.Summary.Contains("last edit at step 4", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_RefusedEditAfterThePassingVerifier_ChangedNothingSoStaysVerified()
    {
        var trace = new TraceBuilder()
            .Edit("src/x.py", "fix")
            .Test("pytest", true, "5 passed")
            .Add(StepKind.FileEdit, s => s with { Name = "Edit", Input = """{"file_path":"src/x.py","old_string":"a"}""", Output = "<tool_use_error>String to replace not found</tool_use_error>", IsError = true })
            .Claim();

        var result = Analyze.Run(trace);

        Assert.True(result.Verification.VerifiedAfterLastEdit);
        Assert.Equal(Outcome.VerifiedSuccess, result.Outcome);
    }
}

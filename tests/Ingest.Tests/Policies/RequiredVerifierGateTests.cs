using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Ingest.Policies;

namespace Martin360.Ingest.Tests.Policies;

public sealed class RequiredVerifierGateTests
{
    private static readonly Policy s_pytest = new() { RequiredVerifiers = ["pytest"] };

    [Fact]
    public void Apply_RequiredVerifierPassedBeforeTheClaim_KeepsTheVerifiedSuccess()
    {
        var trace = Trace(Shell(1, "pytest -q", exitCode: 0), Claim(2));

        var result = RequiredVerifierGate.Apply(Verified(), trace, s_pytest);

        Assert.Equal(Outcome.VerifiedSuccess, result.Outcome);
        Assert.Equal(["keep going"], result.Recommendations);
    }

    [Fact]
    public void Apply_RequiredVerifierOnlyAfterTheClaim_IsAnUnverifiedClaimWithAdviceFirst()
    {
        var trace = Trace(Claim(1), Shell(2, "python -m pytest", exitCode: 0));

        var result = RequiredVerifierGate.Apply(Verified(), trace, s_pytest);

        Assert.Equal(Outcome.UnverifiedClaim, result.Outcome);
        Assert.StartsWith("Run `pytest` and see it pass", result.Recommendations[0], StringComparison.Ordinal);
        Assert.Equal("keep going", result.Recommendations[1]);
    }

    [Fact]
    public void Apply_RequiredVerifierFailed_IsAnUnverifiedClaim()
    {
        var trace = Trace(Shell(1, "pytest -q", exitCode: 1), Claim(2));

        Assert.Equal(Outcome.UnverifiedClaim, RequiredVerifierGate.Apply(Verified(), trace, s_pytest).Outcome);
    }

    [Fact]
    public void Apply_OtherOutcomesOrNoRequirement_AreLeftAsTheAnalysisSaid()
    {
        var trace = Trace(Claim(1));
        var failed = Verified() with { Outcome = Outcome.FailedVerification };

        Assert.Same(failed, RequiredVerifierGate.Apply(failed, trace, s_pytest));
        Assert.Equal(Outcome.VerifiedSuccess, RequiredVerifierGate.Apply(Verified(), trace, Policy.Default).Outcome);
    }

    private static AnalysisResult Verified() => new()
    {
        Outcome = Outcome.VerifiedSuccess,
        Verification = new VerificationRecord { ClaimedDone = true, VerifierRuns = 1, LastVerifierPassed = true, VerifiedAfterLastEdit = true },
        Findings = [],
        Recommendations = ["keep going"],
    };

    private static Trace Trace(params Step[] steps) =>
        Martin360.Analysis.Model.Trace.Create(new Run { Id = "r", SourceFormat = "martin360/v1", Status = RunStatus.Completed }, steps);

    private static Step Shell(long sequence, string command, int exitCode) =>
        new() { Id = "s" + sequence, Sequence = sequence, Kind = StepKind.ShellCommand, Command = command, ExitCode = exitCode };

    private static Step Claim(long sequence) =>
        new() { Id = "c" + sequence, Sequence = sequence, Kind = StepKind.CompletionClaim, Output = "Done." };
}

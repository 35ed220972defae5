using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;

namespace Martin360.Analysis.Tests;

public sealed class OutcomeTests
{
    [Fact]
    public void Analyze_RunningRun_IsInProgressEvenWithFindings()
    {
        var trace = new TraceBuilder().Run(r => r with { Status = RunStatus.Running }).Repeat(4, b => b.Shell("ls", "a"));

        var result = Analyze.Run(trace);

        Assert.Equal(Outcome.InProgress, result.Outcome);
        Assert.NotEmpty(result.Findings);
    }

    [Fact]
    public void Analyze_AbortedWithoutClaim_IsAborted()
    {
        var trace = new TraceBuilder().Run(r => r with { Status = RunStatus.Aborted }).Read("src/a.py").Edit("src/a.py", "x");

        Assert.Equal(Outcome.Aborted, Analyze.Run(trace).Outcome);
    }

    [Fact]
    public void Analyze_EmptyTrace_IsUnknownWithNothingToSay()
    {
        var result = Analyze.Run(new TraceBuilder().Run(r => r with { Status = RunStatus.Unknown }));

        Assert.Equal(Outcome.Unknown, result.Outcome);
        Assert.Empty(result.Findings);
        Assert.Empty(result.Recommendations);
    }

    [Fact]
    public void Analyze_FindingsOfSeveralKinds_ComeOrderedByFirstStepThenKind()
    {
        var trace = new TraceBuilder()
            .Edit("tests/test_a.py", "def test_x():\n    assert True\n")
            .Repeat(4, b => b.Shell("ls", "a"))
            .Claim();

        var findings = Analyze.Run(trace).Findings;

        Assert.Equal(
            [FindingKind.UnexplainedFileSwitch, FindingKind.UnverifiedCompletion, FindingKind.ProtectedEdit, FindingKind.HollowTest, FindingKind.Loop],
            findings.Select(f => f.Kind));
    }
}

using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;

namespace Martin360.Analysis.Tests.Rules;

public sealed class ProtectedEditRuleTests
{
    [Theory]
    [InlineData("tests/test_dates.py", "Test file")]
    [InlineData("src/components/Button.test.tsx", "Test file")]
    [InlineData("package-lock.json", "Lockfile")]
    [InlineData(".github/workflows/ci.yml", "CI file")]
    [InlineData("app/migrations/0042_auto.py", "Migration")]
    [InlineData("pyproject.toml", "Configuration file")]
    public void Analyze_EditOfAProtectedPath_FlagsItWithItsCategory(string path, string category)
    {
        var trace = new TraceBuilder().Edit(path, "change");

        var finding = Assert.Single(Analyze.Findings(trace, FindingKind.ProtectedEdit));

        Assert.StartsWith($"{category} {path} changed during the fix at step 1", finding.Summary);
        Assert.Equal(Severity.Warning, finding.Severity);
    }

    [Fact]
    public void Analyze_EditOfOrdinarySource_IsNotProtected()
    {
        var trace = new TraceBuilder().Edit("src/app/dates.py", "change");

        Assert.Empty(Analyze.Findings(trace, FindingKind.ProtectedEdit));
    }

    [Fact]
    public void Analyze_TestFileTheAgentCreatedThroughTheShell_IsInfoAndListsEveryChange()
    {
        var trace = new TraceBuilder()
            .Shell("cat <<'EOF' > tests/utils_tests/test_new.py\nimport unittest\nEOF")
            .Shell("rm reproduce.py tests/utils_tests/test_new.py");

        var finding = Assert.Single(Analyze.Findings(trace, FindingKind.ProtectedEdit));

        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Equal([1, 2], finding.Steps);
        Assert.Contains("(created by the agent)", finding.Summary);
    }

    [Fact]
    public void Analyze_FailedEditOfATest_IsNotAChange()
    {
        var trace = new TraceBuilder().Add(StepKind.FileEdit, s => s with { Input = "x", IsError = true, Files = [new FileTouch("tests/test_a.py", FileAction.Edit)] });

        Assert.Empty(Analyze.Findings(trace, FindingKind.ProtectedEdit));
    }
}

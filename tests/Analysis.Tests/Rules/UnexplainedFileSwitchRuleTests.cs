using Martin360.Analysis.Findings;

namespace Martin360.Analysis.Tests.Rules;

public sealed class UnexplainedFileSwitchRuleTests
{
    [Fact]
    public void Analyze_EditOfAFileNothingMentioned_FlagsSwitchWithWhereFrom()
    {
        var trace = new TraceBuilder().Task("Fix parse_duration in django/utils/dateparse.py")
            .Read("django/utils/dateparse.py", "def parse_duration(value): ...")
            .Edit("django/utils/dateparse.py", "fix regex")
            .Edit("django/db/models/fields/json.py", "tweak");

        var finding = Assert.Single(Analyze.Findings(trace, FindingKind.UnexplainedFileSwitch));

        Assert.Equal([2, 3], finding.Steps);
        Assert.Contains("edits django/db/models/fields/json.py after django/utils/dateparse.py (step 2)", finding.Summary);
        Assert.Contains("not named in the task", finding.Summary);
    }

    [Theory]
    [InlineData("search", "src/core/parser.py:12: def parse_duration")]
    [InlineData("listing", "README.md  setup.py  parser.py")]
    [InlineData("stack trace", "Traceback (most recent call last):\n  File \"/repo/src/core/parser.py\", line 9, in f")]
    [InlineData("import", "from core.parser import parse_duration")]
    public void Analyze_FileNamedInAnEarlierOutput_IsExplained(string _, string output)
    {
        var trace = new TraceBuilder().Task("Negative durations are not parsed")
            .Shell("some command", output)
            .Edit("src/core/parser.py", "fix");

        Assert.Empty(Analyze.Findings(trace, FindingKind.UnexplainedFileSwitch));
    }

    [Fact]
    public void Analyze_FileNamedInTheAgentsOwnRationale_IsExplained()
    {
        var trace = new TraceBuilder().Task("Make the build green")
            .Message("The build config lives in webpack.config.js, I will adjust it.")
            .Edit("webpack.config.js", "mode: 'production'");

        Assert.Empty(Analyze.Findings(trace, FindingKind.UnexplainedFileSwitch));
    }

    [Fact]
    public void Analyze_FilesTheAgentCreates_NeedNoExplanation()
    {
        var trace = new TraceBuilder().Task("Add a reproduction")
            .Create("reproduce_issue.py", "print(1)")
            .Edit("reproduce_issue.py", "print(2)");

        Assert.Empty(Analyze.Findings(trace, FindingKind.UnexplainedFileSwitch));
    }

    [Fact]
    public void Analyze_UnexplainedRead_IsInfoAndUnexplainedEdit_IsWarning()
    {
        var trace = new TraceBuilder().Task("Fix the login form")
            .Read("src/billing/invoice.py")
            .Edit("src/payments/stripe_client.py", "x");

        var findings = Analyze.Findings(trace, FindingKind.UnexplainedFileSwitch);

        Assert.Equal([Severity.Info, Severity.Warning], findings.Select(f => f.Severity));
    }
}

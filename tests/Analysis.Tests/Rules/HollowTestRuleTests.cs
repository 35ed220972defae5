using Martin360.Analysis.Findings;

namespace Martin360.Analysis.Tests.Rules;

public sealed class HollowTestRuleTests
{
    [Fact]
    public void Analyze_TestThatAssertsNothing_FlagsHollowCritical()
    {
        var trace = new TraceBuilder()
            .Edit("src/dates.py", "fix")
            .Create("tests/test_dates.py", "from src.dates import parse\n\ndef test_parse():\n    parse('1:00')\n");

        var finding = Assert.Single(Analyze.Findings(trace, FindingKind.HollowTest));

        Assert.Contains("asserts nothing", finding.Summary);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal([2], finding.Steps);
    }

    [Theory]
    [InlineData("def test_ok():\n    assert True\n")]
    [InlineData("it('works', () => { expect(true).toBe(true); });")]
    [InlineData("[Fact]\npublic void Works() { Assert.True(true); }")]
    public void Analyze_TestThatAssertsOnlyTrivially_FlagsHollow(string content)
    {
        var trace = new TraceBuilder().Edit("src/dates.py", "fix").Create("tests/test_dates.py", content);

        var finding = Assert.Single(Analyze.Findings(trace, FindingKind.HollowTest));

        Assert.Contains("asserts only trivially", finding.Summary);
    }

    [Fact]
    public void Analyze_TestThatNeverMentionsTheChangedCode_FlagsHollow()
    {
        var trace = new TraceBuilder()
            .Edit("django/utils/dateparse.py", "fix")
            .Create("tests/test_misc.py", "def test_sum():\n    assert sum([1, 2]) == 3\n");

        var finding = Assert.Single(Analyze.Findings(trace, FindingKind.HollowTest));

        Assert.Contains("never mentions the code the agent changed (dateparse)", finding.Summary);
    }

    [Fact]
    public void Analyze_RealTestOfTheChangedCode_IsNotHollow()
    {
        var trace = new TraceBuilder()
            .Edit("django/utils/dateparse.py", "fix")
            .Create("tests/test_dateparse_negative.py",
                "from django.utils.dateparse import parse_duration\n\ndef test_negative():\n    assert parse_duration('-1:-01:00') == timedelta(hours=-1, minutes=-1)\n");

        Assert.Empty(Analyze.Findings(trace, FindingKind.HollowTest));
    }
}

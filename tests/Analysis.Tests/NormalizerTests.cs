using Martin360.Analysis.Text;

namespace Martin360.Analysis.Tests;

public sealed class NormalizerTests
{
    [Theory]
    [InlineData("sed -n '10,20p' /work/repo/src/app.py", "sed -n \"30,40p\" src/app.py")]
    [InlineData("cd /workspace/proj && pytest tests/test_a.py", "pytest  tests/test_a.py")]
    [InlineData("python -m http.server 8000", "python -m http.server 8080")]
    [InlineData("cat /tmp/tmpab12cd34/out.txt", "cat /tmp/tmpzz99yy00/out.txt")]
    public void Action_NoiseOnlyDifferences_CompareEqual(string a, string b) =>
        Assert.Equal(Normalizer.Action(a), Normalizer.Action(b));

    [Theory]
    [InlineData("pytest tests/test_a.py", "pytest tests/test_b.py")]
    [InlineData("cat src/a/index.ts", "cat src/b/index.ts")]
    [InlineData("cd /a", "cd /b")]
    public void Action_RealDifferences_StayDifferent(string a, string b) =>
        Assert.NotEqual(Normalizer.Action(a), Normalizer.Action(b));

    [Fact]
    public void Observation_TimestampsDurationsAndAddresses_AreNormalisedButCountsAreKept()
    {
        var first = Normalizer.Observation("[2025-09-03 01:00:18] Ran 12 tests in 0.119s; object at 0x7f3a2b10");
        var second = Normalizer.Observation("[2025-09-04 11:22:33] Ran 12 tests in 2.5 s; object at 0x7fffffff");
        var moreTests = Normalizer.Observation("[2025-09-04 11:22:33] Ran 13 tests in 2.5 s; object at 0x7fffffff");

        Assert.Equal(first, second);
        Assert.NotEqual(second, moreTests);
    }

    [Fact]
    public void Observation_AnsiColours_AreIgnored() =>
        Assert.Equal(Normalizer.Observation("\u001b[31mFAILED\u001b[0m test_x"), Normalizer.Observation("FAILED test_x"));
}

using Martin360.Analysis.Findings;

namespace Martin360.Analysis.Tests.Rules;

public sealed class UnrelatedErrorChaseRuleTests
{
    [Fact]
    public void Analyze_EnvironmentErrorsAfterTheFix_FlagsChase()
    {
        var trace = new TraceBuilder().Task("Fix iso capture in match.c")
            .Edit("src/libponyc/expr/match.c", "fix")
            .Shell("make", "cd: can't cd to build/build_release", 2)
            .Shell("make clean && make", "cd: can't cd to build/build_release", 2)
            .Read("Makefile", "buildDir := build")
            .Shell("cmake -B build -S .", "CMake Error at CMakeLists.txt:27 (find_package): Could not find LLVM", 1)
            .Shell("apt-get install -y llvm-dev", "E: Unable to locate package llvm-dev", 100);

        var finding = Assert.Single(Analyze.Findings(trace, FindingKind.UnrelatedErrorChase));

        Assert.Equal([2, 3, 4, 5, 6], finding.Steps);
        Assert.Contains("4 failed steps", finding.Summary);
        Assert.Contains("environment", finding.Summary);
    }

    [Fact]
    public void Analyze_ErrorsNamingTheChangedFile_AreNotAChase()
    {
        var trace = new TraceBuilder().Task("Fix iso capture")
            .Edit("src/libponyc/expr/match.c", "fix")
            .Shell("make", "src/libponyc/expr/match.c:317:5: error: expected ';'", 2)
            .Edit("src/libponyc/expr/match.c", "fix 2")
            .Shell("make", "src/libponyc/expr/match.c:320:1: error: unknown type", 2)
            .Shell("make V=1", "src/libponyc/expr/match.c:320:1: error: unknown type", 2);

        Assert.Empty(Analyze.Findings(trace, FindingKind.UnrelatedErrorChase));
    }

    [Fact]
    public void Analyze_OneEnvironmentCommandRepeated_IsLeftToTheLoopRule()
    {
        var trace = new TraceBuilder().Repeat(4, b => b.Shell("pip install foo", "ERROR: No module named 'foo'", 1));

        Assert.Empty(Analyze.Findings(trace, FindingKind.UnrelatedErrorChase));
        Assert.Single(Analyze.Findings(trace, FindingKind.Loop));
    }
}

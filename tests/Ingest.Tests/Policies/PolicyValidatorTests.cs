using Martin360.Analysis.Model;
using Martin360.Ingest.Policies;

namespace Martin360.Ingest.Tests.Policies;

public sealed class PolicyValidatorTests
{
    [Fact]
    public void Validate_DefaultPolicy_HasNoErrors()
    {
        Assert.Empty(PolicyValidator.Validate(Policy.Default));
        Assert.Empty(PolicyValidator.Validate(new Policy()));
    }

    [Fact]
    public void Validate_BadRegex_NamesTheEntryAndQuotesThePattern()
    {
        var policy = new Policy { BlockedCommands = ["rm -rf", "curl (unclosed"] };

        var error = Assert.Single(PolicyValidator.Validate(policy));

        Assert.Equal("blockedCommands[1]", error.Field);
        Assert.Contains("'curl (unclosed' is not a valid regular expression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeBudget_IsAnErrorOnThatField()
    {
        var policy = new Policy { Budget = new RunBudget { HardUsd = -1m, SoftTokens = -5 } };

        var errors = PolicyValidator.Validate(policy);

        Assert.Equal(["budget.hardUsd", "budget.softTokens"], errors.Select(e => e.Field).Order());
        Assert.All(errors, e => Assert.Contains("must not be negative", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SoftAboveHard_ErrorOnTheSoftLimitWithBothValues()
    {
        var policy = new Policy { Budget = new RunBudget { SoftSteps = 50, HardSteps = 40, SoftWallTime = TimeSpan.FromHours(2), HardWallTime = TimeSpan.FromHours(1) } };

        var errors = PolicyValidator.Validate(policy);

        Assert.Equal(["budget.softSteps", "budget.softWallTime"], errors.Select(e => e.Field).Order());
        Assert.Contains("the soft limit (50) is above the hard limit (40)", errors.Single(e => e.Field == "budget.softSteps").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyPatternsAndOutOfRangeStopConditions_AreErrors()
    {
        var policy = new Policy
        {
            ProtectedPaths = ["tests/**", " "],
            RequiredVerifiers = [""],
            StopConditions = new StopConditions { RepeatedStrategyTimes = 1, NoProgressSteps = 5000 },
        };

        var errors = PolicyValidator.Validate(policy).ToDictionary(e => e.Field, e => e.Message);

        Assert.Equal(["protectedPaths[1]", "requiredVerifiers[0]", "stopConditions.noProgressSteps", "stopConditions.repeatedStrategyTimes"], errors.Keys.Order());
        Assert.Equal("must not be empty", errors["protectedPaths[1]"]);
        Assert.Contains("at least 3", errors["stopConditions.repeatedStrategyTimes"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tests/**", "tests/test_invoice.py", true)]
    [InlineData("tests/**", "/home/u/repo/tests/unit/test_a.py", true)]
    [InlineData("tests/**", "src/contests/x.py", false)]
    [InlineData("*.lock", "poetry.lock", true)]
    [InlineData("*.lock", "sub/dir/yarn.lock", true)]
    [InlineData("/config/*.yml", "config/app.yml", true)]
    [InlineData("/config/*.yml", "x/config/app.yml", false)]
    [InlineData("**/migrations/**", "app\\db\\migrations\\0001_init.py", true)]
    [InlineData(".github/workflows/", "./.github/workflows/ci.yml", true)]
    [InlineData("src/?.cs", "src/ab.cs", false)]
    public void PathGlob_IsMatch_FollowsSegments(string glob, string path, bool expected)
    {
        Assert.Equal(expected, PathGlob.IsMatch(glob, path));
    }

    [Fact]
    public void Diff_ChangedBudgetAndPatterns_SaysWhatChanged()
    {
        var before = new Policy { BlockedCommands = ["rm -rf /"], Budget = new RunBudget { HardSteps = 40 } };
        var after = before with { BlockedCommands = ["git push --force"], Budget = new RunBudget { HardSteps = 20, SoftUsd = 1.5m } };

        var summary = PolicyDiff.Describe(before, after);

        Assert.Equal("budget.softUsd: none → 1.5; budget.hardSteps: 40 → 20; blockedCommands: + `git push --force`, − `rm -rf /`", summary);
        Assert.Equal(PolicyDiff.NoChanges, PolicyDiff.Describe(after, after with { }));
    }

    [Fact]
    public void PolicyJson_RoundTrip_KeepsEveryField()
    {
        var policy = new Policy
        {
            Budget = new RunBudget { SoftUsd = 1, HardUsd = 2, SoftTokens = 10, HardTokens = 20, SoftSteps = 3, HardSteps = 4, SoftWallTime = TimeSpan.FromMinutes(5), HardWallTime = TimeSpan.FromMinutes(9) },
            BlockedCommands = ["a"],
            ApprovalCommands = ["b"],
            ApprovalPaths = ["c/**"],
            ProtectedPaths = ["d/**"],
            RequiredVerifiers = ["pytest"],
            StopConditions = new StopConditions { OnLoop = true, RepeatedStrategyTimes = 4, NoProgressSteps = 30 },
        };

        var back = PolicyJson.Deserialize(PolicyJson.Serialize(policy));

        Assert.Equal(PolicyDiff.NoChanges, PolicyDiff.Describe(policy, back));
        Assert.Equal(policy.Budget, back.Budget);
        Assert.Equal(policy.StopConditions, back.StopConditions);
    }
}

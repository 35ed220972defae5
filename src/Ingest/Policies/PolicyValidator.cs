using System.Globalization;
using System.Text.RegularExpressions;
using Martin360.Analysis.Rules;

namespace Martin360.Ingest.Policies;

/// <summary>Checks a policy before it is saved; every error names the field at fault and says what would be accepted.</summary>
public static class PolicyValidator
{
    public const int MaxPatterns = 100;
    public const int MaxPatternLength = 500;

    /// <summary>The window of steps loaded for "no progress" on every append is bounded by this.</summary>
    public const int MaxNoProgressSteps = 1000;

    public static IReadOnlyList<PolicyError> Validate(Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var errors = new List<PolicyError>();
        var budget = policy.Budget;
        Limits(errors, "Usd", budget.SoftUsd, budget.HardUsd, v => v.ToString(CultureInfo.InvariantCulture));
        Limits(errors, "Tokens", budget.SoftTokens, budget.HardTokens, v => v.ToString(CultureInfo.InvariantCulture));
        Limits(errors, "Steps", budget.SoftSteps, budget.HardSteps, v => v.ToString(CultureInfo.InvariantCulture));
        Limits(errors, "WallTime", budget.SoftWallTime, budget.HardWallTime, v => v.ToString("c", CultureInfo.InvariantCulture));

        Patterns(errors, "blockedCommands", policy.BlockedCommands, RegexError);
        Patterns(errors, "approvalCommands", policy.ApprovalCommands, RegexError);
        Patterns(errors, "approvalPaths", policy.ApprovalPaths, GlobError);
        Patterns(errors, "protectedPaths", policy.ProtectedPaths, GlobError);
        Patterns(errors, "requiredVerifiers", policy.RequiredVerifiers, _ => null);

        var stop = policy.StopConditions;
        if (stop.RepeatedStrategyTimes is { } times && times < RepeatedStrategyRule.Attempts)
        {
            errors.Add(new PolicyError("stopConditions.repeatedStrategyTimes",
                $"must be at least {RepeatedStrategyRule.Attempts} (a repeated strategy is recognised from {RepeatedStrategyRule.Attempts} failed attempts); leave it empty to turn the condition off"));
        }

        if (stop.NoProgressSteps is { } steps && steps is < 2 or > MaxNoProgressSteps)
        {
            errors.Add(new PolicyError("stopConditions.noProgressSteps", $"must be between 2 and {MaxNoProgressSteps}; leave it empty to turn the condition off"));
        }

        return errors;
    }

    private static void Limits<T>(List<PolicyError> errors, string name, T? soft, T? hard, Func<T, string> format)
        where T : struct, IComparable<T>
    {
        var negative = false;
        foreach (var (level, value) in new[] { ("soft", soft), ("hard", hard) })
        {
            if (value is { } v && v.CompareTo(default) < 0)
            {
                errors.Add(new PolicyError($"budget.{level}{name}", $"must not be negative (was {format(v)}); leave it empty for no limit"));
                negative = true;
            }
        }

        if (!negative && soft is { } s && hard is { } h && s.CompareTo(h) > 0)
        {
            errors.Add(new PolicyError($"budget.soft{name}", $"the soft limit ({format(s)}) is above the hard limit ({format(h)}): a soft limit warns before the hard one stops"));
        }
    }

    private static void Patterns(List<PolicyError> errors, string field, IReadOnlyList<string> patterns, Func<string, string?> check)
    {
        if (patterns.Count > MaxPatterns)
        {
            errors.Add(new PolicyError(field, $"at most {MaxPatterns} entries (has {patterns.Count})"));
        }

        for (var i = 0; i < patterns.Count; i++)
        {
            var pattern = patterns[i];
            var problem = string.IsNullOrWhiteSpace(pattern) ? "must not be empty"
                : pattern.Length > MaxPatternLength ? $"at most {MaxPatternLength} characters (has {pattern.Length})"
                : check(pattern);
            if (problem is not null)
            {
                errors.Add(new PolicyError($"{field}[{i}]", problem));
            }
        }
    }

    private static string? RegexError(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, PathGlob.MatchTimeout);
            return null;
        }
        catch (ArgumentException exception)
        {
            return $"'{pattern}' is not a valid regular expression: {exception.Message}";
        }
    }

    private static string? GlobError(string glob) =>
        glob.Contains('\n', StringComparison.Ordinal) || glob.Contains('\r', StringComparison.Ordinal) ? "one glob per entry (no line breaks)" : null;
}

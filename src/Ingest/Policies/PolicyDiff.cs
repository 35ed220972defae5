using System.Globalization;

namespace Martin360.Ingest.Policies;

/// <summary>Says in one line what changed between two versions of a policy, field by field.</summary>
public static class PolicyDiff
{
    public const string NoChanges = "no changes";

    public static string Describe(Policy before, Policy after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<string>();
        var (b, a) = (before.Budget, after.Budget);
        Value(changes, "budget.softUsd", b.SoftUsd, a.SoftUsd);
        Value(changes, "budget.hardUsd", b.HardUsd, a.HardUsd);
        Value(changes, "budget.softTokens", b.SoftTokens, a.SoftTokens);
        Value(changes, "budget.hardTokens", b.HardTokens, a.HardTokens);
        Value(changes, "budget.softSteps", b.SoftSteps, a.SoftSteps);
        Value(changes, "budget.hardSteps", b.HardSteps, a.HardSteps);
        Value(changes, "budget.softWallTime", b.SoftWallTime, a.SoftWallTime);
        Value(changes, "budget.hardWallTime", b.HardWallTime, a.HardWallTime);
        List(changes, "blockedCommands", before.BlockedCommands, after.BlockedCommands);
        List(changes, "approvalCommands", before.ApprovalCommands, after.ApprovalCommands);
        List(changes, "approvalPaths", before.ApprovalPaths, after.ApprovalPaths);
        List(changes, "protectedPaths", before.ProtectedPaths, after.ProtectedPaths);
        List(changes, "requiredVerifiers", before.RequiredVerifiers, after.RequiredVerifiers);
        var (sb, sa) = (before.StopConditions, after.StopConditions);
        Value(changes, "stopConditions.onLoop", (bool?)sb.OnLoop, sa.OnLoop);
        Value(changes, "stopConditions.repeatedStrategyTimes", sb.RepeatedStrategyTimes, sa.RepeatedStrategyTimes);
        Value(changes, "stopConditions.noProgressSteps", sb.NoProgressSteps, sa.NoProgressSteps);
        return changes.Count == 0 ? NoChanges : string.Join("; ", changes);
    }

    private static void Value<T>(List<string> changes, string field, T? before, T? after)
        where T : struct
    {
        if (!Nullable.Equals(before, after))
        {
            changes.Add($"{field}: {Show(before)} → {Show(after)}");
        }
    }

    private static string Show<T>(T? value)
        where T : struct => value switch
        {
            null => "none",
            bool flag => flag ? "on" : "off",
            TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            { } other => other.ToString() ?? "",
        };

    private static void List(List<string> changes, string field, IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var added = after.Except(before, StringComparer.Ordinal).Select(p => $"+ `{p}`");
        var removed = before.Except(after, StringComparer.Ordinal).Select(p => $"− `{p}`");
        var parts = added.Concat(removed).ToList();
        if (parts.Count > 0)
        {
            changes.Add($"{field}: {string.Join(", ", parts)}");
        }
    }
}

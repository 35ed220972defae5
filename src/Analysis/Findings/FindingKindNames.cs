namespace Martin360.Analysis.Findings;

/// <summary>Stable wire names of finding kinds, outcomes and severities (the analyze output contract).</summary>
public static class FindingKindNames
{
    public static string ToWire(this FindingKind kind) => kind switch
    {
        FindingKind.Loop => "loop",
        FindingKind.RepeatedStrategy => "repeated_strategy",
        FindingKind.UnexplainedFileSwitch => "unexplained_file_switch",
        FindingKind.UnverifiedCompletion => "unverified_completion",
        FindingKind.UnrelatedErrorChase => "unrelated_error_chase",
        FindingKind.BudgetBurn => "budget_burn",
        FindingKind.ProtectedEdit => "protected_edit",
        FindingKind.HollowTest => "hollow_test",
        FindingKind.Security => "security",
        FindingKind.PolicyViolation => "policy_violation",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string wire, out FindingKind kind)
    {
        foreach (var candidate in Enum.GetValues<FindingKind>())
        {
            if (string.Equals(candidate.ToWire(), wire, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    public static string ToWire(this Severity severity) => severity switch
    {
        Severity.Info => "info",
        Severity.Warning => "warning",
        Severity.Critical => "critical",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };

    public static string ToWire(this Outcome outcome) => outcome switch
    {
        Outcome.VerifiedSuccess => "verified_success",
        Outcome.UnverifiedClaim => "unverified_claim",
        Outcome.FailedVerification => "failed_verification",
        Outcome.Stuck => "stuck",
        Outcome.BudgetExhausted => "budget_exhausted",
        Outcome.Aborted => "aborted",
        Outcome.InProgress => "in_progress",
        Outcome.Unknown => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };
}

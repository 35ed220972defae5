using Martin360.Analysis.Findings;
using Martin360.Analysis.Model;
using Martin360.Ingest.Control;

namespace Martin360.Ingest.Policies;

/// <summary>Everything a policy is evaluated against after an append. The caller loads it; the evaluator only reads it.</summary>
public sealed record PolicyInput
{
    public required Policy Policy { get; init; }
    public required RunUsage Usage { get; init; }

    /// <summary>The steps that just arrived (blocked commands, approvals, protected paths, completion claims are judged on these).</summary>
    public IReadOnlyList<Step> NewSteps { get; init; } = [];

    /// <summary>The run's latest steps in sequence order, ending with the new ones; at least NoProgressSteps of them when that condition is on.</summary>
    public IReadOnlyList<Step> RecentSteps { get; init; } = [];

    /// <summary>Steps before the new ones that ran commands or verifiers (for required verifiers); only needed when a completion claim arrives.</summary>
    public IReadOnlyList<Step> EarlierChecks { get; init; } = [];

    /// <summary>The run's latest analysis findings (stop conditions read loops and repeated strategies from them).</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];
}

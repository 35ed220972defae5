using Martin360.Analysis.Model;
using Martin360.Ingest.Policies;

namespace Martin360.Dashboard.ViewModels;

/// <summary>The Policies page's editable copy of a policy: numbers as nullable fields, pattern lists as one entry per line.</summary>
public sealed class PolicyForm
{
    public decimal? SoftUsd { get; set; }
    public decimal? HardUsd { get; set; }
    public long? SoftTokens { get; set; }
    public long? HardTokens { get; set; }
    public int? SoftSteps { get; set; }
    public int? HardSteps { get; set; }
    public double? SoftWallMinutes { get; set; }
    public double? HardWallMinutes { get; set; }
    public string BlockedCommands { get; set; } = "";
    public string ApprovalCommands { get; set; } = "";
    public string ApprovalPaths { get; set; } = "";
    public string ProtectedPaths { get; set; } = "";
    public string RequiredVerifiers { get; set; } = "";
    public bool StopOnLoop { get; set; }
    public int? RepeatedStrategyTimes { get; set; }
    public int? NoProgressSteps { get; set; }
    public string Author { get; set; } = "";

    public static PolicyForm From(Policy policy, string author = "")
    {
        ArgumentNullException.ThrowIfNull(policy);
        var budget = policy.Budget;
        return new PolicyForm
        {
            SoftUsd = budget.SoftUsd,
            HardUsd = budget.HardUsd,
            SoftTokens = budget.SoftTokens,
            HardTokens = budget.HardTokens,
            SoftSteps = budget.SoftSteps,
            HardSteps = budget.HardSteps,
            SoftWallMinutes = budget.SoftWallTime?.TotalMinutes,
            HardWallMinutes = budget.HardWallTime?.TotalMinutes,
            BlockedCommands = Lines(policy.BlockedCommands),
            ApprovalCommands = Lines(policy.ApprovalCommands),
            ApprovalPaths = Lines(policy.ApprovalPaths),
            ProtectedPaths = Lines(policy.ProtectedPaths),
            RequiredVerifiers = Lines(policy.RequiredVerifiers),
            StopOnLoop = policy.StopConditions.OnLoop,
            RepeatedStrategyTimes = policy.StopConditions.RepeatedStrategyTimes,
            NoProgressSteps = policy.StopConditions.NoProgressSteps,
            Author = author,
        };
    }

    public Policy ToPolicy() => new()
    {
        Budget = new RunBudget
        {
            SoftUsd = SoftUsd,
            HardUsd = HardUsd,
            SoftTokens = SoftTokens,
            HardTokens = HardTokens,
            SoftSteps = SoftSteps,
            HardSteps = HardSteps,
            SoftWallTime = SoftWallMinutes is { } soft ? TimeSpan.FromMinutes(soft) : null,
            HardWallTime = HardWallMinutes is { } hard ? TimeSpan.FromMinutes(hard) : null,
        },
        BlockedCommands = Entries(BlockedCommands),
        ApprovalCommands = Entries(ApprovalCommands),
        ApprovalPaths = Entries(ApprovalPaths),
        ProtectedPaths = Entries(ProtectedPaths),
        RequiredVerifiers = Entries(RequiredVerifiers),
        StopConditions = new StopConditions { OnLoop = StopOnLoop, RepeatedStrategyTimes = RepeatedStrategyTimes, NoProgressSteps = NoProgressSteps },
    };

    /// <summary>One entry per non-blank line; a pattern's own spaces are kept (they may matter to a regex).</summary>
    private static string[] Entries(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => !string.IsNullOrWhiteSpace(l)).ToArray();

    private static string Lines(IReadOnlyList<string> entries) => string.Join('\n', entries);
}

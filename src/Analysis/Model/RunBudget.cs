namespace Martin360.Analysis.Model;

/// <summary>Limits for one run. Soft limits warn, hard limits stop. Null means no limit.</summary>
public sealed record RunBudget
{
    public static readonly RunBudget None = new();

    public decimal? SoftUsd { get; init; }
    public decimal? HardUsd { get; init; }
    public long? SoftTokens { get; init; }
    public long? HardTokens { get; init; }
    public int? SoftSteps { get; init; }
    public int? HardSteps { get; init; }
    public TimeSpan? SoftWallTime { get; init; }
    public TimeSpan? HardWallTime { get; init; }

    public bool IsEmpty => this == None;
}

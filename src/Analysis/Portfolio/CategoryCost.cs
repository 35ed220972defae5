namespace Martin360.Analysis.Portfolio;

/// <summary>What one model spent on one category of work across the runs, and how often those steps failed.</summary>
public sealed record CategoryCost
{
    public required string Model { get; init; }
    public required StepCategory Category { get; init; }
    public required int Steps { get; init; }
    public required int FailedSteps { get; init; }
    public required long Tokens { get; init; }
    public required decimal Usd { get; init; }

    public double StepSuccessRate => Steps == 0 ? 0 : 1.0 - (double)FailedSteps / Steps;

    public decimal UsdPerStep => Steps == 0 ? 0 : Usd / Steps;
}

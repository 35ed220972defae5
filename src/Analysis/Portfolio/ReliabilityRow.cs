namespace Martin360.Analysis.Portfolio;

/// <summary>
/// Step-level success against end-to-end verified success for one agent and model. If every tool step succeeds
/// with probability p and a run needs n of them, the compounding estimate of a clean run is p^n.
/// </summary>
public sealed record ReliabilityRow
{
    public required string Agent { get; init; }
    public required string Model { get; init; }
    public required int Runs { get; init; }
    public required int ToolSteps { get; init; }
    public required int FailedToolSteps { get; init; }
    public required int VerifiedRuns { get; init; }

    public double StepSuccessRate => ToolSteps == 0 ? 0 : 1.0 - (double)FailedToolSteps / ToolSteps;

    public double MeanToolStepsPerRun => Runs == 0 ? 0 : (double)ToolSteps / Runs;

    public double CompoundedEstimate => ToolSteps == 0 ? 0 : Math.Pow(StepSuccessRate, MeanToolStepsPerRun);

    public double ObservedVerifiedRate => Runs == 0 ? 0 : (double)VerifiedRuns / Runs;
}

namespace Martin360.Dashboard.ViewModels.Panels;

/// <summary>One step's cost and tokens, and the run's totals up to and including it.</summary>
/// <param name="StepUsd">Null when the step's cost is unknown (not priced), never a silent 0.</param>
public sealed record CostPoint(long Sequence, double? StepUsd, double CumulativeUsd, long StepTokens, long CumulativeTokens);

using Martin360.Analysis.Model;

namespace Martin360.Dashboard.Simulation;

/// <summary>One run the simulator plays: its header, its steps in order, and how it ends.</summary>
public sealed record SimulatedRun
{
    public required Run Run { get; init; }
    public required IReadOnlyList<Step> Steps { get; init; }
    public required RunStatus FinalStatus { get; init; }
    public string? ExitReason { get; init; }
    public required string Scenario { get; init; }
}

using Martin360.Analysis.Model;

namespace Martin360.Ingest.Storage;

/// <summary>What an append stored: the steps stored for the first time, how many were re-sent (not stored again), and the run after it.</summary>
public sealed record AppendOutcome(RunRecord Run, IReadOnlyList<Step> NewSteps, int Duplicates)
{
    public int Accepted => NewSteps.Count;
}

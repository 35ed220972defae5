namespace Martin360.Analysis.Model;

/// <summary>Where a cost number came from. Unknown is never shown as 0.</summary>
public enum CostProvenance
{
    Unknown = 0,
    Reported,
    Computed,
}

namespace Martin360.Dashboard.ViewModels;

/// <summary>A draft policy replayed over stored runs: one row per run, and the totals a lead decides on.</summary>
public sealed record WhatIfReport(IReadOnlyList<WhatIfRow> Rows)
{
    public int Stopped => Rows.Count(r => r.Stopped);

    public int Flagged => Rows.Count(r => r.Action is "warn" or "needs_approval");

    public decimal SavedUsd => Rows.Sum(r => r.SavedUsd ?? 0);
}

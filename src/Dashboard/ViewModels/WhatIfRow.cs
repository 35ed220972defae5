namespace Martin360.Dashboard.ViewModels;

/// <summary>
/// What a draft policy would have done to one stored run: the strictest action, the step it came at, why, and (for a
/// stop) the USD spent after that step, which stopping would have saved (null when the steps carry no cost).
/// </summary>
public sealed record WhatIfRow(string RunId, string? Title, string Action, long? AtStep, string? Reason, decimal? SavedUsd, int Steps, decimal? CostUsd)
{
    public bool Stopped => Action == "stop";
}

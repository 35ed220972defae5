namespace Martin360.Dashboard.ViewModels.Panels;

/// <summary>One step as a bar on a shared time axis: where it started and how long it took, as percentages of the run's span.</summary>
public sealed record WaterfallBar
{
    public required long Sequence { get; init; }
    public required string Kind { get; init; }
    public required string Label { get; init; }
    public string? Agent { get; init; }
    public required TimeSpan Offset { get; init; }
    public TimeSpan? Duration { get; init; }
    public required double StartPercent { get; init; }
    public required double WidthPercent { get; init; }
    public bool IsError { get; init; }
}

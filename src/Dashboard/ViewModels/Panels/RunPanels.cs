namespace Martin360.Dashboard.ViewModels.Panels;

/// <summary>The run detail tabs beside the timeline, built together from one read of the run's step outlines.</summary>
public sealed record RunPanels(
    IReadOnlyList<FileTouchRow> Files,
    IReadOnlyList<VerifierRunRow> Verifiers,
    CostPanel Cost,
    TeamPanel Team,
    WaterfallPanel Waterfall);

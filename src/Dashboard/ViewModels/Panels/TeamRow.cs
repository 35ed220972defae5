namespace Martin360.Dashboard.ViewModels.Panels;

/// <summary>One member of a multi-agent run: an agent that wrote steps in this run, or a sub-agent's own run.</summary>
public sealed record TeamRow
{
    public required string Name { get; init; }
    public string? Role { get; init; }

    /// <summary>Set for a sub-agent with its own run (ParentRunId = this run): the page links to it.</summary>
    public string? RunId { get; init; }

    public string? Outcome { get; init; }
    public required int Steps { get; init; }

    /// <summary>Null when none of its steps had a known cost.</summary>
    public double? CostUsd { get; init; }

    /// <summary>0..1 of the team's steps.</summary>
    public double StepShare { get; init; }

    /// <summary>0..1 of the team's known cost; null when the team's cost is unknown.</summary>
    public double? CostShare { get; init; }

    public bool IsSubRun => RunId is not null;
}

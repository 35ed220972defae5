namespace Martin360.Dashboard.ViewModels.Panels;

/// <summary>One verifier run (tests, build, type check): where it ran, what it ran and what it reported.</summary>
public sealed record VerifierRunRow
{
    /// <summary>1 for the run's first verifier run, 2 for the second, ...: the x axis of "over time".</summary>
    public required int Number { get; init; }

    public required long Sequence { get; init; }
    public required string Command { get; init; }
    public string? Framework { get; init; }
    public int? Passed { get; init; }
    public int? Failed { get; init; }
    public int? Skipped { get; init; }

    /// <summary>Null when the output did not say.</summary>
    public bool? Success { get; init; }

    public IReadOnlyList<string> FailingTests { get; init; } = [];

    /// <summary>The chart's category label: "#3 (step 41)".</summary>
    public string Label => $"#{Number} (step {Sequence})";

    /// <summary>Counts for the chart, where "not reported" is drawn as no bar.</summary>
    public int PassedCount => Passed ?? 0;

    public int FailedCount => Failed ?? 0;

    public string Result => Success switch { true => "passed", false => "failed", null => "unknown" };
}

namespace Martin360.Analysis.Model;

/// <summary>A run with its steps, ordered by sequence: the unit every analysis takes.</summary>
public sealed record Trace
{
    public required Run Run { get; init; }
    public required IReadOnlyList<Step> Steps { get; init; }

    /// <summary>Builds a trace with its steps ordered by sequence, then id, so analysis never depends on arrival order.</summary>
    public static Trace Create(Run run, IEnumerable<Step> steps) => new()
    {
        Run = run,
        Steps = steps.OrderBy(s => s.Sequence).ThenBy(s => s.Id, StringComparer.Ordinal).ToArray(),
    };
}

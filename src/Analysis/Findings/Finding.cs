namespace Martin360.Analysis.Findings;

/// <summary>One classified problem, with the steps that prove it and what it cost.</summary>
public sealed record Finding
{
    public required FindingKind Kind { get; init; }
    public required Severity Severity { get; init; }

    /// <summary>0..1: how sure the rule is.</summary>
    public required double Confidence { get; init; }

    /// <summary>Sequence numbers of the evidence steps, ascending.</summary>
    public required IReadOnlyList<long> Steps { get; init; }

    /// <summary>One line a human understands.</summary>
    public required string Summary { get; init; }

    /// <summary>Tokens spent inside the pattern.</summary>
    public long WastedTokens { get; init; }

    /// <summary>USD spent inside the pattern (0 when the run's cost is unknown).</summary>
    public decimal WastedUsd { get; init; }

    /// <summary>How often the pattern repeated (loops: turns; repeated strategies: failed attempts); 0 where it does not apply.</summary>
    public int Repeats { get; init; }
}

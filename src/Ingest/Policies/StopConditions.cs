namespace Martin360.Ingest.Policies;

/// <summary>When a policy stops a run because of how it is going, not what it did. Null or false means off.</summary>
public sealed record StopConditions
{
    public static readonly StopConditions None = new();

    /// <summary>Stop when analysis finds a loop (the same action or cycle repeated without new information).</summary>
    public bool OnLoop { get; init; }

    /// <summary>Stop when the same fix was retried and failed the same way this many times (analysis' repeated_strategy).</summary>
    public int? RepeatedStrategyTimes { get; init; }

    /// <summary>Stop after this many steps in a row without progress (no successful file change, no passing verifier).</summary>
    public int? NoProgressSteps { get; init; }
}

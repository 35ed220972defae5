namespace Martin360.Analysis.Model;

/// <summary>Token counts of one step or a whole run. Reasoning tokens are part of output for most vendors; kept apart for reporting.</summary>
public sealed record TokenUsage(long Input = 0, long Output = 0, long CacheRead = 0, long CacheWrite = 0, long Reasoning = 0)
{
    public static readonly TokenUsage Zero = new();

    /// <summary>
    /// The part of <see cref="CacheWrite"/> written with a one-hour lifetime (Anthropic prices it at 2x input,
    /// the default five-minute writes at 1.25x). Zero when the trace does not split cache writes.
    /// </summary>
    public long CacheWrite1h { get; init; }

    public long Total => Input + Output + CacheRead + CacheWrite;

    public bool IsZero => Input == 0 && Output == 0 && CacheRead == 0 && CacheWrite == 0 && Reasoning == 0;

    public TokenUsage Add(TokenUsage other) => new(
        Input + other.Input,
        Output + other.Output,
        CacheRead + other.CacheRead,
        CacheWrite + other.CacheWrite,
        Reasoning + other.Reasoning)
    {
        CacheWrite1h = CacheWrite1h + other.CacheWrite1h,
    };
}

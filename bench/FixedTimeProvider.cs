namespace Martin360.Bench;

/// <summary>A clock stopped at one instant: the seeded store's "now", so the pages' date ranges cover its runs on any day.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

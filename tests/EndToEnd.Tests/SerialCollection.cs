namespace Martin360.EndToEnd.Tests;

/// <summary>
/// The tests that time something (a live update within 2 s, Stop reaching the harness within 2 s, a wall-time stop
/// within seconds of its limit) and the heaviest browser test: they run one at a time, after the parallel ones, so on a
/// small loaded machine no other browser test's pages, charts and app host compete with what they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial browser tests";
}

namespace Martin360.EndToEnd.Tests;

/// <summary>
/// Browser tests heavy enough (many pages, charts) to starve the timing tests (live updates within 2 s) when they run
/// beside them on a small machine: they run on their own, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial browser tests";
}

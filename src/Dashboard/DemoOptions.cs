namespace Martin360.Dashboard;

/// <summary>Martin360:Demo: the demo set a newcomer sees on an empty database.</summary>
public sealed class DemoOptions
{
    /// <summary>Seed demo runs from the simulator when the database is empty (Martin360__Demo__Enabled).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many runs the demo set has.</summary>
    public int Runs { get; set; } = 14;
}

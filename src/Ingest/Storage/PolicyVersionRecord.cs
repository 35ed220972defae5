namespace Martin360.Ingest.Storage;

/// <summary>One saved version of a project's policy. Versions are never changed or deleted: the table is the history.</summary>
public sealed class PolicyVersionRecord
{
    public long Id { get; set; }
    public required string Project { get; set; }
    public int Version { get; set; }
    public required string PolicyJson { get; set; }
    public required string Author { get; set; }

    /// <summary>What changed from the previous version, in words ("budget.hardSteps: none → 40; blockedCommands: + `rm -rf`").</summary>
    public required string ChangeSummary { get; set; }

    public long CreatedAtMs { get; set; }
}

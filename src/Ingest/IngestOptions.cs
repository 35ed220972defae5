namespace Martin360.Ingest;

/// <summary>Martin360:Ingest: keys and limits for everything that comes in.</summary>
public sealed class IngestOptions
{
    /// <summary>Keys from configuration (Martin360__Ingest__ApiKeys__0, __1, ...), in addition to the keys in the database.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Largest request body accepted; larger answers 413.</summary>
    public long MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest upload accepted by the import endpoint.</summary>
    public long MaxImportBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Each step's input and output are stored up to this many characters (head and tail kept).</summary>
    public int MaxStepTextChars { get; set; } = 64 * 1024;

    /// <summary>Most steps one append may carry.</summary>
    public int MaxStepsPerBatch { get; set; } = 5000;
}

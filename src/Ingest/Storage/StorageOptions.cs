namespace Martin360.Ingest.Storage;

/// <summary>Martin360:Storage. The one SQLite file lives in DataDirectory (environment: Martin360__Storage__DataDirectory).</summary>
public sealed class StorageOptions
{
    public string DataDirectory { get; set; } = "data";

    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, "martin360.db"));
}

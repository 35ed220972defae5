using Martin360.Ingest.Import;

namespace Martin360.Dashboard.ViewModels;

/// <summary>One file on the Import page: how far it got, and what came of it.</summary>
public sealed class ImportRow(string name, long size)
{
    public string Name { get; } = name;
    public long Size { get; } = size;

    /// <summary>0..100 while the file is read from the browser.</summary>
    public double Progress { get; set; }

    /// <summary>queued, reading, importing, imported, partial, failed.</summary>
    public string State { get; set; } = "queued";

    public ImportFileResult? Result { get; set; }
    public string? Error { get; set; }
}

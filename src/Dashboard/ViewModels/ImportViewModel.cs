using System.Text;
using Martin360.Ingest;
using Martin360.Ingest.Adapters;
using Martin360.Ingest.Import;
using Microsoft.Extensions.Options;

namespace Martin360.Dashboard.ViewModels;

/// <summary>The Import page: files read from the browser with progress, imported one by one, a result per file.</summary>
public sealed class ImportViewModel(ImportService importer, TraceFormats formats, IOptions<IngestOptions> options)
{
    private const int ChunkSize = 64 * 1024;

    public List<ImportRow> Rows { get; } = [];

    public string Format { get; set; } = "auto";

    public IReadOnlyList<string> Formats { get; } = ["auto", .. formats.Adapters.Select(a => a.Format)];

    public long MaxFileBytes => options.Value.MaxImportBytes;

    public ImportRow Add(string name, long size)
    {
        var row = new ImportRow(name, size);
        Rows.Add(row);
        return row;
    }

    /// <summary>Reads one file's stream (reporting progress) and imports it; never throws for a bad file.</summary>
    public async Task ImportAsync(ImportRow row, Stream content, Func<Task> progressChanged, CancellationToken cancellationToken)
    {
        try
        {
            if (row.Size > MaxFileBytes)
            {
                Fail(row, $"The file is {row.Size:N0} bytes; the limit is {MaxFileBytes:N0} (Martin360__Ingest__MaxImportBytes).");
                return;
            }

            row.State = "reading";
            using var buffer = new MemoryStream();
            var chunk = new byte[ChunkSize];
            int read;
            while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                row.Progress = row.Size == 0 ? 100 : Math.Min(100, buffer.Length * 100.0 / row.Size);
                await progressChanged();
            }

            row.State = "importing";
            row.Progress = 100;
            await progressChanged();
            var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            row.Result = await importer.ImportAsync(row.Name, text, Format, cancellationToken);
            row.State = row.Result.Status;
        }
        catch (IOException exception)
        {
            Fail(row, "The file could not be read: " + exception.Message);
        }
    }

    private static void Fail(ImportRow row, string message)
    {
        row.State = "failed";
        row.Error = message;
    }
}

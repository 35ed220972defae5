using Martin360.Ingest.Adapters;

namespace Martin360.Ingest.Import;

/// <summary>
/// Imports trace files in any known format. Re-importing a file is idempotent (ids come from the trace).
/// A file either imports fully, imports its good records with the bad ones reported by line, or imports nothing
/// with a clear error: never silently in part.
/// </summary>
public sealed class ImportService(TraceFormats formats, IngestService ingest)
{
    public async Task<ImportFileResult> ImportAsync(string sourceName, string content, string? format, CancellationToken cancellationToken)
    {
        var read = formats.Read(sourceName, content, format);
        var errors = read.Issues.Where(i => i.Level == ImportIssueLevel.Error).ToArray();
        var warnings = read.Issues.Where(i => i.Level == ImportIssueLevel.Warning).ToArray();
        var runs = new List<ImportedRun>(read.Traces.Count);
        foreach (var trace in read.Traces)
        {
            var outcome = await ingest.SaveTraceAsync(trace, cancellationToken);
            runs.Add(new ImportedRun(trace.Run.Id, outcome.Run.TaskTitle, outcome.Accepted, outcome.Duplicates, outcome.Run.Outcome));
        }

        var status = runs.Count == 0 ? "failed" : errors.Length > 0 || read.RejectedRecords > 0 ? "partial" : "imported";
        if (runs.Count == 0 && errors.Length == 0)
        {
            errors = [new ImportIssue(ImportIssueLevel.Error, "The file holds no run.")];
        }

        return new ImportFileResult
        {
            Source = sourceName,
            Format = read.Format,
            Status = status,
            Runs = runs,
            RejectedRecords = read.RejectedRecords,
            Warnings = warnings,
            Errors = errors,
        };
    }
}

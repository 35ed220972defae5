using System.Text.Json;
using Martin360.Analysis.Model;
using Martin360.Ingest.Limits;
using Martin360.Ingest.Redaction;
using Microsoft.Extensions.Options;

namespace Martin360.Ingest;

/// <summary>
/// The last stop before storage, whatever door a trace came in by: enrichment (verifier runs, computed cost),
/// then secrets redacted, then text bounded to the storage limit.
/// </summary>
public sealed class TracePreparer(TraceEnrichment enrichment, IOptions<IngestOptions> options)
{
    private readonly int _maxChars = options.Value.MaxStepTextChars;

    public PreparedTrace Prepare(Trace trace)
    {
        var redaction = SecretRedactor.Redact(enrichment.Enrich(trace));
        var bounded = TextBounds.Bound(redaction.Trace, _maxChars);
        return new PreparedTrace(bounded, redaction.Redactions);
    }

    /// <summary>Prepares a batch of steps appended to a run (the run header is only the context here).</summary>
    public PreparedTrace PrepareSteps(string runId, IReadOnlyList<Step> steps) =>
        Prepare(Trace.Create(new Run { Id = runId, SourceFormat = "append" }, steps));

    public static string? Describe(IReadOnlyList<SecretRedaction> redactions) =>
        redactions.Count == 0 ? null : JsonSerializer.Serialize(redactions, IngestJson.Options);
}

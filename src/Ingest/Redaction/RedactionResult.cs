using Martin360.Analysis.Model;

namespace Martin360.Ingest.Redaction;

/// <summary>A trace with its secrets replaced, and where that happened (so the run can record it).</summary>
public sealed record RedactionResult
{
    public required Trace Trace { get; init; }

    public required IReadOnlyList<SecretRedaction> Redactions { get; init; }

    public bool RedactedAnything => Redactions.Count > 0;
}

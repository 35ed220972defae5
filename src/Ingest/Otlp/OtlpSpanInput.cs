using Martin360.Ingest.Otlp.Protos.Resource.V1;
using Martin360.Ingest.Otlp.Protos.Trace.V1;

namespace Martin360.Ingest.Otlp;

/// <summary>One span as read from a request, with its resource and where it was (for issues).</summary>
internal sealed record OtlpSpanInput(Span Span, Resource? Resource, string Path, int? Line = null);

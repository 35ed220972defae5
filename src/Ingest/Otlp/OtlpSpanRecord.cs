using Martin360.Ingest.Otlp.Protos.Trace.V1;

namespace Martin360.Ingest.Otlp;

/// <summary>A span that passed validation, with its ids as hex and its attributes indexed.</summary>
internal sealed record OtlpSpanRecord(
    Span Span,
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    OtlpAttributes Attributes,
    OtlpAttributes ResourceAttributes)
{
    public string Key => TraceId + SpanId;

    public string? ParentKey => ParentSpanId is null ? null : TraceId + ParentSpanId;

    public string? Operation => Attributes.Text(GenAiAttributes.OperationName);

    public bool IsInvokeAgent => Operation == GenAiAttributes.Operations.InvokeAgent;

    public bool IsError => Span.Status?.Code == Status.Types.StatusCode.Error || Attributes.Text(GenAiAttributes.ErrorType) is not null;

    public ulong Start => Span.StartTimeUnixNano;

    public ulong End => Span.EndTimeUnixNano;
}

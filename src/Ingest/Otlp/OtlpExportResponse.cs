using Google.Protobuf;
using Martin360.Ingest.Otlp.Protos.Collector.Trace.V1;

namespace Martin360.Ingest.Otlp;

/// <summary>
/// The OTLP/HTTP answer to an accepted export: ExportTraceServiceResponse, with partial_success when spans were
/// rejected or there is something to warn about (rejected_spans 0 with a message is OTLP's warning form).
/// A request that could not be read at all (<see cref="OtlpConversionResult.IsInvalidRequest"/>) gets HTTP 400 instead.
/// </summary>
public static class OtlpExportResponse
{
    public const string ProtobufContentType = "application/x-protobuf";
    public const string JsonContentType = "application/json";

    public static ExportTraceServiceResponse Create(OtlpConversionResult result)
    {
        var response = new ExportTraceServiceResponse();
        if (result.RejectedSpans > 0 || result.ErrorMessage is not null)
        {
            response.PartialSuccess = new ExportTracePartialSuccess
            {
                RejectedSpans = result.RejectedSpans,
                ErrorMessage = result.ErrorMessage ?? "",
            };
        }

        return response;
    }

    /// <summary>The body for a request that arrived as application/x-protobuf.</summary>
    public static byte[] ToProtobuf(OtlpConversionResult result) => Create(result).ToByteArray();

    /// <summary>The body for a request that arrived as application/json (int64 as a string, camelCase, as OTLP/JSON requires).</summary>
    public static string ToJson(OtlpConversionResult result) => JsonFormatter.Default.Format(Create(result));
}

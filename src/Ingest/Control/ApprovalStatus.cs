using System.Text.Json.Serialization;

namespace Martin360.Ingest.Control;

/// <summary>Where an approval stands. Only a pending one can be decided.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApprovalStatus>))]
public enum ApprovalStatus
{
    Pending,
    Approved,
    Denied,
}

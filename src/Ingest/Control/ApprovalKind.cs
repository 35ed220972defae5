using System.Text.Json.Serialization;

namespace Martin360.Ingest.Control;

/// <summary>What an approval is asked for: a command the agent ran, or a path it changed.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApprovalKind>))]
public enum ApprovalKind
{
    Command,
    Path,
}

namespace Martin360.Ingest.Adapters;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ImportIssueLevel>))]
public enum ImportIssueLevel
{
    /// <summary>Something was skipped or guessed; the rest imported.</summary>
    Warning = 0,

    /// <summary>A line or record could not be read and was not imported.</summary>
    Error,
}

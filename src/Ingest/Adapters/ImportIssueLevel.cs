namespace Martin360.Ingest.Adapters;

public enum ImportIssueLevel
{
    /// <summary>Something was skipped or guessed; the rest imported.</summary>
    Warning = 0,

    /// <summary>A line or record could not be read and was not imported.</summary>
    Error,
}

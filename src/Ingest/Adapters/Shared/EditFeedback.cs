namespace Martin360.Ingest.Adapters.Shared;

/// <summary>Tool feedback that says an edit or tool call was refused, in the words the agents' own tools use.</summary>
internal static class EditFeedback
{
    public static bool IsRejected(string? observation) =>
        observation is not null
        && (observation.Contains("Your proposed edit has introduced new syntax error", StringComparison.Ordinal)
            || observation.TrimStart().StartsWith("ERROR:", StringComparison.Ordinal));
}

using Martin360.Ingest.Native;

namespace Martin360.Ingest.Adapters.Common;

/// <summary>Ids from a trace's own identifiers, so re-importing a file lands on the same run; anything unusable is hashed.</summary>
internal static class SourceIds
{
    /// <summary>The source's id when it is a valid run id, otherwise a stable hash of it (and of the format).</summary>
    public static string Run(string format, string? sourceId, string content) =>
        sourceId is null ? DeterministicId.FromContent(content) : Run(format, sourceId);

    /// <summary>The source's id when it is a valid run id, otherwise a stable hash of it (and of the format).</summary>
    public static string Run(string format, string sourceId) =>
        NativeMapper.IsValidId(sourceId) ? sourceId : DeterministicId.From(format, sourceId);

    /// <summary>An unknown record name for a warning: shortened, and "(none)" when absent.</summary>
    public static string Describe(string? name) => name is null ? "(none)" : name.Length > 60 ? name[..60] + "…" : name;

    /// <summary>The time from a call to its result; null when either is unknown or the clock went backwards.</summary>
    public static TimeSpan? Between(DateTimeOffset? start, DateTimeOffset? end) =>
        start is { } from && end is { } to && to >= from ? to - from : null;
}

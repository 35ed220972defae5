namespace Martin360.Ingest.Adapters;

/// <summary>An adapter that also reads its format straight from UTF-8 bytes (see <see cref="TraceFormats.Read(string, ReadOnlyMemory{byte}, string?)"/>).</summary>
internal interface IUtf8TraceAdapter : ITraceAdapter
{
    /// <summary>Reads valid UTF-8 (no byte order mark) as <see cref="ITraceAdapter.Read"/> reads its text; keeps nothing of the bytes.</summary>
    AdapterResult Read(string sourceName, ReadOnlyMemory<byte> utf8, TraceSample sample);
}

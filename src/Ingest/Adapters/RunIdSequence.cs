using System.Globalization;

namespace Martin360.Ingest.Adapters;

/// <summary>
/// Deterministic run ids for files that hold several runs: runs whose identifying parts are equal (two sessions
/// launched in the same second) get distinct ids by their order of appearance, the same on every import.
/// </summary>
internal sealed class RunIdSequence
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    public string Next(params string?[] parts)
    {
        var key = string.Join('\u001f', parts);
        var occurrence = _seen.TryGetValue(key, out var n) ? n + 1 : 0;
        _seen[key] = occurrence;
        return occurrence == 0
            ? DeterministicId.From(parts)
            : DeterministicId.From([.. parts, occurrence.ToString(CultureInfo.InvariantCulture)]);
    }
}

namespace Martin360.Analysis.Text;

/// <summary>FNV-1a 64: string.GetHashCode is randomised per process, and findings must not depend on the process.</summary>
internal static class StableHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Start => OffsetBasis;

    public static ulong Of(string? text) => Add(OffsetBasis, text);

    public static ulong Add(ulong hash, string? text)
    {
        if (text is null)
        {
            return Add(hash, '\u0001');
        }

        foreach (var c in text)
        {
            hash = Add(hash, c);
        }

        return Add(hash, '\u0000');
    }

    /// <summary>The same as adding the span's text as a string.</summary>
    public static ulong Add(ulong hash, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            hash = Add(hash, c);
        }

        return Add(hash, '\u0000');
    }

    public static ulong Add(ulong hash, char c)
    {
        hash ^= c;
        hash *= Prime;
        return hash;
    }

    public static ulong Add(ulong hash, long value)
    {
        for (var i = 0; i < 8; i++)
        {
            hash ^= (byte)(value >> (i * 8));
            hash *= Prime;
        }

        return hash;
    }
}

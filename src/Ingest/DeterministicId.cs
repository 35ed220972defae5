using System.Security.Cryptography;
using System.Text;

namespace Martin360.Ingest;

/// <summary>Ids derived from content, so that importing the same file twice lands on the same run and steps.</summary>
public static class DeterministicId
{
    public static string FromContent(string content) => Hash(content);

    /// <summary>The same id as <see cref="FromContent"/> gives the text these bytes encode.</summary>
    internal static string FromUtf8(ReadOnlySpan<byte> utf8)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(utf8, digest);
        return Convert.ToHexStringLower(digest[..12]);
    }

    public static string From(params string?[] parts) => Hash(string.Join('\u001f', parts.Select(p => p ?? "")));

    private static string Hash(string text) => FromUtf8(Encoding.UTF8.GetBytes(text));
}

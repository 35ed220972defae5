using System.Security.Cryptography;
using System.Text;

namespace Martin360.Ingest;

/// <summary>Ids derived from content, so that importing the same file twice lands on the same run and steps.</summary>
public static class DeterministicId
{
    public static string FromContent(string content) => Hash(content);

    public static string From(params string?[] parts) => Hash(string.Join('\u001f', parts.Select(p => p ?? "")));

    private static string Hash(string text)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return Convert.ToHexStringLower(digest[..12]);
    }
}

using System.Text;

namespace Martin360.Ingest.Adapters.Shared;

/// <summary>Run ids that read well and never change for the same content: a cleaned label plus a content hash.</summary>
internal static class TraceRunId
{
    public static string Create(string? label, string content)
    {
        var hash = DeterministicId.FromContent(content);
        if (string.IsNullOrWhiteSpace(label))
        {
            return hash;
        }

        var clean = new StringBuilder(Math.Min(label.Length, 80));
        foreach (var c in label.Take(80))
        {
            clean.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        }

        return clean.ToString().Trim('-', '.') is { Length: > 0 } trimmed ? trimmed + "-" + hash : hash;
    }
}

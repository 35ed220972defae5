using System.Globalization;
using System.Text.RegularExpressions;

namespace Martin360.Ingest.Pricing;

/// <summary>genai-prices retries a model id with "-20250514" written as "-2025-05-14" when the plain id is unknown.</summary>
internal static partial class DatedModelId
{
    public static string Normalise(string model) => CompactDate().Replace(model, m =>
        DateTime.TryParseExact(m.Groups[1].Value + m.Groups[2].Value + m.Groups[3].Value, "yyyyMMdd",
            CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? $"-{m.Groups[1].Value}-{m.Groups[2].Value}-{m.Groups[3].Value}"
            : m.Value);

    [GeneratedRegex(@"-(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=-|:|$)", RegexOptions.CultureInvariant)]
    private static partial Regex CompactDate();
}

using System.Globalization;
using System.Text.RegularExpressions;
using Martin360.Analysis.Model;

namespace Martin360.Ingest.Adapters.Aider;

/// <summary>
/// Reads aider's per-message report: "Tokens: 3.2k sent, 1.1k cache write, 150 received. Cost: $0.01 message, $0.05 session."
/// Older versions wrote "5,244 sent" and "request" for "message"; the cost part is missing for models without a price.
/// </summary>
internal static partial class AiderTokensLine
{
    public static bool TryParse(string line, out TokenUsage tokens, out decimal? messageCost, out decimal? sessionCost)
    {
        tokens = TokenUsage.Zero;
        messageCost = null;
        sessionCost = null;
        var match = Pattern().Match(line);
        if (!match.Success)
        {
            return false;
        }

        var sent = Count(match.Groups["sent"].Value);
        var write = match.Groups["write"].Success ? Count(match.Groups["write"].Value) : 0;
        var hit = match.Groups["hit"].Success ? Count(match.Groups["hit"].Value) : 0;

        // aider's "sent" already includes the cache tiers it lists: keep the total equal to what aider reported.
        tokens = new TokenUsage(Math.Max(0, sent - write - hit), Count(match.Groups["received"].Value), hit, write);
        if (match.Groups["message"].Success)
        {
            messageCost = Money(match.Groups["message"].Value);
            sessionCost = Money(match.Groups["session"].Value);
        }

        return true;
    }

    /// <summary>"3.2k" is 3200, "1.5M" is 1500000, "5,244" is 5244.</summary>
    public static long Count(string text)
    {
        var multiplier = 1m;
        var number = text.Replace(",", "", StringComparison.Ordinal);
        if (number.EndsWith('k') || number.EndsWith('K'))
        {
            multiplier = 1_000m;
            number = number[..^1];
        }
        else if (number.EndsWith('M') || number.EndsWith('m'))
        {
            multiplier = 1_000_000m;
            number = number[..^1];
        }

        return decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? (long)Math.Round(value * multiplier)
            : 0;
    }

    private static decimal? Money(string text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;

    [GeneratedRegex(@"^Tokens: (?<sent>[\d.,]+[kKmM]?) sent(?:, (?<write>[\d.,]+[kKmM]?) cache write)?(?:, (?<hit>[\d.,]+[kKmM]?) cache hit)?, (?<received>[\d.,]+[kKmM]?) received\.(?: Cost: \$(?<message>[\d.]+) (?:message|request), \$(?<session>[\d.]+) session\.)?", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

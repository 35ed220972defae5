using System.Text.Json;
using System.Text.RegularExpressions;

namespace Martin360.Ingest.Pricing;

/// <summary>
/// A model or provider match rule of the genai-prices data (equals, starts_with, ends_with, contains, regex,
/// or, and), evaluated exactly as that package does: text comparisons ignore case, regexes run on the
/// lower-cased id.
/// </summary>
internal abstract class MatchRule
{
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromMilliseconds(100);

    public abstract bool IsMatch(string id);

    /// <summary>Parses one rule; an unknown or malformed rule never matches rather than failing the table.</summary>
    public static MatchRule Parse(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Never.Instance;
        }

        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "or" when property.Value.ValueKind == JsonValueKind.Array:
                    return new Any(property.Value.EnumerateArray().Select(Parse).ToArray());
                case "and" when property.Value.ValueKind == JsonValueKind.Array:
                    return new All(property.Value.EnumerateArray().Select(Parse).ToArray());
                case "equals" or "starts_with" or "ends_with" or "contains" when property.Value.ValueKind == JsonValueKind.String:
                    return new Text(property.Name, property.Value.GetString()!);
                case "regex" when property.Value.ValueKind == JsonValueKind.String:
                    return Pattern.Create(property.Value.GetString()!);
            }
        }

        return Never.Instance;
    }

    private sealed class Any(IReadOnlyList<MatchRule> rules) : MatchRule
    {
        public override bool IsMatch(string id) => rules.Any(r => r.IsMatch(id));
    }

    private sealed class All(IReadOnlyList<MatchRule> rules) : MatchRule
    {
        public override bool IsMatch(string id) => rules.All(r => r.IsMatch(id));
    }

    private sealed class Text(string operation, string value) : MatchRule
    {
        public override bool IsMatch(string id) => operation switch
        {
            "equals" => string.Equals(id, value, StringComparison.OrdinalIgnoreCase),
            "starts_with" => id.StartsWith(value, StringComparison.OrdinalIgnoreCase),
            "ends_with" => id.EndsWith(value, StringComparison.OrdinalIgnoreCase),
            _ => id.Contains(value, StringComparison.OrdinalIgnoreCase),
        };
    }

    private sealed class Pattern(Regex regex) : MatchRule
    {
        public static MatchRule Create(string pattern)
        {
            try
            {
                return new Pattern(new Regex(pattern, RegexOptions.CultureInvariant, s_regexTimeout));
            }
            catch (ArgumentException)
            {
                return Never.Instance;
            }
        }

        public override bool IsMatch(string id)
        {
            try
            {
                return regex.IsMatch(id);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }
    }

    private sealed class Never : MatchRule
    {
        public static readonly Never Instance = new();

        public override bool IsMatch(string id) => false;
    }
}

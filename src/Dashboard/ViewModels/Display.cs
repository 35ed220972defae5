using System.Globalization;

namespace Martin360.Dashboard.ViewModels;

/// <summary>How numbers are shown: one place, so every page says "unknown" rather than a silent $0.</summary>
public static class Display
{
    public static string Cost(double? usd, string provenance)
    {
        if (usd is null || (provenance == "unknown" && usd == 0))
        {
            return "unknown";
        }

        var text = usd < 0.01 && usd > 0 ? "<$0.01" : "$" + usd.Value.ToString("N2", CultureInfo.InvariantCulture);
        return provenance == "unknown" ? "≥ " + text : text;
    }

    public static string Tokens(long tokens) => tokens switch
    {
        >= 1_000_000 => (tokens / 1_000_000d).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 10_000 => (tokens / 1_000d).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => tokens.ToString("N0", CultureInfo.InvariantCulture),
    };

    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "—",
        { TotalSeconds: < 1 } d => $"{d.TotalMilliseconds:0} ms",
        { TotalMinutes: < 1 } d => $"{d.TotalSeconds:0.#} s",
        { TotalHours: < 1 } d => $"{(int)d.TotalMinutes} min {d.Seconds} s",
        var d => $"{(int)d.Value.TotalHours} h {d.Value.Minutes} min",
    };

    public static string When(DateTimeOffset? at) =>
        at is { } value ? value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "—";

    /// <summary>A label for the wire names of outcomes and statuses: "unverified_claim" becomes "unverified claim".</summary>
    public static string Label(string? wire) => string.IsNullOrEmpty(wire) ? "—" : wire.Replace('_', ' ');

    /// <summary>"1 run", "2 runs": a count with its noun.</summary>
    public static string Runs(long count) => count == 1 ? "1 run" : count.ToString("N0", CultureInfo.InvariantCulture) + " runs";
}

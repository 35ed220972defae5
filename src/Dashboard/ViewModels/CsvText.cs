using System.Globalization;

namespace Martin360.Dashboard.ViewModels;

/// <summary>The CSV every chart export writes: invariant numbers, RFC 4180 quoting, formulas defused.</summary>
public static class CsvText
{
    public static string Num(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Num(double? value) => value is { } v ? Num(v) : "";

    public static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Num(long? value) => value is { } v ? Num(v) : "";

    // RFC 4180 quoting for fields with a comma, quote or newline; text a spreadsheet would run as a formula
    // (titles come from agents) is defused with a leading apostrophe.
    public static string Row(params string[] fields) => string.Join(',', fields.Select(Field));

    /// <summary>The lines as one document, each ended by a newline.</summary>
    public static string Document(IEnumerable<string> lines) => string.Join('\n', lines) + "\n";

    private static string Field(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '@')
        {
            field = "'" + field;
        }

        return field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }
}

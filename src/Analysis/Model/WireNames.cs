namespace Martin360.Analysis.Model;

/// <summary>snake_case wire names of the model's enums (martin360/v1 and the HTTP API).</summary>
public static class WireNames
{
    public static string ToWire(this StepKind kind) => Snake(kind.ToString());

    public static string ToWire(this FileAction action) => Snake(action.ToString());

    public static string ToWire(this RunStatus status) => Snake(status.ToString());

    public static string ToWire(this CostProvenance provenance) => Snake(provenance.ToString());

    public static bool TryParse<TEnum>(string? wire, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(wire))
        {
            return false;
        }

        var compact = wire.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return !compact.Any(char.IsDigit) && Enum.TryParse(compact, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    public static string Names<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetNames<TEnum>().Select(Snake));

    private static string Snake(string pascal)
    {
        var builder = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}

using System.Text.RegularExpressions;

namespace Martin360.Dashboard.Rendering;

/// <summary>Removes terminal escape sequences (colours, cursor moves, OSC titles and links) from command output.</summary>
public static partial class AnsiText
{
    public static string Strip(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var stripped = Escapes().Replace(text, "");

        // Remaining C0 controls other than tab and newline would only garble the display.
        return Controls().Replace(stripped, "");
    }

    // CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), other two-character escapes, and 8-bit CSI.
    [GeneratedRegex(@"\x1B\[[0-?]*[ -/]*[@-~]|\x1B\][^\x07\x1B]*(?:\x07|\x1B\\)?|\x1B[@-Z\\-_]|\x9B[0-?]*[ -/]*[@-~]")]
    private static partial Regex Escapes();

    [GeneratedRegex(@"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]")]
    private static partial Regex Controls();
}

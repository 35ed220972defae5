using Martin360.Dashboard.Rendering;

namespace Martin360.Dashboard.Tests.Rendering;

public sealed class MarkdownRendererTests
{
    private readonly MarkdownRenderer _renderer = new();

    [Fact]
    public void ToHtml_RawHtml_IsEscapedNotRendered()
    {
        var html = _renderer.ToHtml("Hi <script>alert(1)</script> <img src=x onerror=alert(2)>");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[x](vbscript:msgbox)")]
    [InlineData("<javascript:alert(1)>")]
    public void ToHtml_UnsafeLink_KeepsNoTarget(string markdown)
    {
        var html = _renderer.ToHtml(markdown);

        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("data:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("vbscript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ToHtml_SafeLinkAndImage_LinkKeptImageBecomesALink()
    {
        var html = _renderer.ToHtml("[docs](https://example.org/a) ![chart](https://example.org/c.png)");

        Assert.Contains("<a href=\"https://example.org/a\">docs</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/c.png\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Strip_AnsiColoursAndTitles_LeavesTheText()
    {
        Assert.Equal("red plain", AnsiText.Strip("\u001b[31mred\u001b[0m \u001b]0;title\u0007plain"));
    }
}

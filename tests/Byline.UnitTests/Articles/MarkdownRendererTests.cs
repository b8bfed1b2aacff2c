using Byline.Web.Features.Articles;

namespace Byline.UnitTests.Articles;

public sealed class MarkdownRendererTests
{
    private readonly MarkdownRenderer _renderer = new();

    [Theory]
    [InlineData("<math><mtext><table><mglyph><style><img src=x onerror=alert('xss')>")]
    [InlineData("<style>")]
    [InlineData("<svg><style>")]
    [InlineData("<textarea>")]
    [InlineData("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">")]
    [InlineData("<script>alert(1)")]
    [InlineData("<title>")]
    [InlineData("<xmp>")]
    [InlineData("<iframe>")]
    [InlineData("<plaintext>")]
    [InlineData("<<style>script>alert(1)")]
    public void Hostile_raw_html_never_swallows_the_rest_of_the_article(string vector)
    {
        var html = _renderer.ToHtml($"First paragraph.\n\nBefore {vector} after.\n\nLast paragraph survives.\n\n## A heading\n\nAnd the end.");
        Assert.Contains("First paragraph.", html, StringComparison.Ordinal);
        Assert.Contains("Last paragraph survives.", html, StringComparison.Ordinal);
        Assert.Contains("<h2", html, StringComparison.Ordinal);
        Assert.Contains("And the end.", html, StringComparison.Ordinal);
        // Whatever of the vector is left is text: no element carries an event handler or runs as script.
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        Assert.DoesNotContain(document.All.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(document.QuerySelectorAll("script, style, iframe, textarea, math, svg"));
    }

    [Fact]
    public void A_closed_disallowed_element_goes_with_its_content()
    {
        var html = _renderer.ToHtml("Text <style>p { display: none }</style> and <script>alert(1)</script> more.");
        Assert.Equal("<p>Text  and  more.</p>", html.Trim());
    }
}

using System.Text.RegularExpressions;
using Ganss.Xss;
using Markdig;

namespace Byline.Web.Features.Articles;

/// <summary>
/// Renders article Markdown to HTML once, on save. The output is sanitized as well, because
/// Markdown allows raw HTML and not every author is trusted with scripts.
/// </summary>
public sealed partial class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToHtml(string markdown)
    {
        var html = Markdown.ToHtml(markdown ?? string.Empty, _pipeline);
        return _sanitizer.Sanitize(WithoutRawTextElements(html));
    }

    // Raw HTML may open an element whose content the HTML parser reads as plain text up to its end tag
    // (<style>, <script>, <textarea>, …). Left unclosed, it swallows the rest of the article, and the
    // sanitizer then drops all of it. None of these elements is allowed, so remove each one here: with its
    // content when it is closed (what the sanitizer would have done), only the start tag when it is not.
    // Removing text can join a '<' with what follows into a new tag, so repeat until nothing matches.
    internal static string WithoutRawTextElements(string html)
    {
        for (var pass = 0; pass < 100; pass++)
        {
            var start = RawTextStartTag().Match(html);
            if (!start.Success)
            {
                return html;
            }
            var end = new Regex($@"</{start.Groups[1].Value}\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)
                .Match(html, start.Index + start.Length);
            html = end.Success
                ? html.Remove(start.Index, end.Index + end.Length - start.Index)
                : html.Remove(start.Index, start.Length);
        }
        return RawTextStartTag().Replace(html, "");
    }

    [GeneratedRegex(@"<(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)\b[^>]*>?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RawTextStartTag();

    /// <summary>Plain text for excerpts and similarity scoring.</summary>
    public string ToPlainText(string markdown) => Markdown.ToPlainText(markdown ?? string.Empty, _pipeline);

    private static HtmlSanitizer CreateSanitizer()
    {
        // A disallowed wrapper (<math>, <svg>, <font>, …) is unwrapped rather than dropped with everything
        // the parser nested inside it, which after a mutation-XSS vector can be the rest of the article.
        // Its children are sanitized like any other; raw-text elements are gone before this runs.
        var sanitizer = new HtmlSanitizer { KeepChildNodes = true };
        sanitizer.AllowedAttributes.Add("id");
        sanitizer.AllowedAttributes.Add("loading");
        sanitizer.AllowedSchemes.Add("mailto");
        // Audio and video players (imported WordPress [audio]/[video]); their src is checked like any URL.
        sanitizer.AllowedTags.Add("audio");
        sanitizer.AllowedTags.Add("video");
        sanitizer.AllowedTags.Add("source");
        sanitizer.AllowedAttributes.Add("controls");
        // Images load lazily and keep their declared size, so the page does not shift as they arrive.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "IMG" } img && !img.HasAttribute("loading"))
            {
                img.SetAttribute("loading", "lazy");
                img.SetAttribute("decoding", "async");
            }
        };
        sanitizer.AllowedAttributes.Add("decoding");
        return sanitizer;
    }
}

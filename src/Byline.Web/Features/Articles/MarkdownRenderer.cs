using Ganss.Xss;
using Markdig;

namespace Byline.Web.Features.Articles;

/// <summary>
/// Renders article Markdown to HTML once, on save. The output is sanitized as well, because
/// Markdown allows raw HTML and not every author is trusted with scripts.
/// </summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToHtml(string markdown)
    {
        var html = Markdown.ToHtml(markdown ?? string.Empty, _pipeline);
        return _sanitizer.Sanitize(html);
    }

    /// <summary>Plain text for excerpts and similarity scoring.</summary>
    public string ToPlainText(string markdown) => Markdown.ToPlainText(markdown ?? string.Empty, _pipeline);

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
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

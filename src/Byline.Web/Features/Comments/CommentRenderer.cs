using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;

namespace Byline.Web.Features.Comments;

/// <summary>
/// Comment text to HTML, once, when the comment is stored: a little Markdown (emphasis, code,
/// quotes, lists, links) and nothing else. Raw HTML typed by a visitor is shown as text, never
/// run; the result passes HtmlSanitizer with a small allow-list, and links get rel="nofollow ugc".
/// </summary>
public sealed class CommentRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToHtml(string body) => _sanitizer.Sanitize(Markdown.ToHtml(body, _pipeline));

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(["p", "br", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li"], StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href", "rel"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(),
        })
        {
            // "# Heading" or an image in a comment keeps its text, not its tag.
            KeepChildNodes = true,
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { TagName: "A" } link)
            {
                link.SetAttribute("rel", "nofollow ugc");
            }
        };
        return sanitizer;
    }
}

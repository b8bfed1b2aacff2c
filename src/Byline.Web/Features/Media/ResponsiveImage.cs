using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Byline.Web.Features.Media;

/// <summary>
/// Renders a library image as <c>&lt;picture&gt;</c>: a WebP <c>&lt;source srcset&gt;</c> and a fallback
/// <c>&lt;img srcset sizes width height alt loading&gt;</c> in the original format, so browsers fetch the
/// smallest copy that fills the layout and reserve its space before it loads.
/// </summary>
public static class ResponsiveImage
{
    /// <param name="image">The library item.</param>
    /// <param name="alt">Alt text for this use; the item's own alt text when null. Empty marks the image decorative.</param>
    /// <param name="sizes">The <c>sizes</c> attribute: how wide the image is shown, e.g. <c>(min-width: 60rem) 40rem, 100vw</c>.</param>
    /// <param name="lazy">Lazy-load (below the fold); pass false for the first image on a page, which should load at once.</param>
    /// <param name="cssClass">A class for the <c>&lt;img&gt;</c>.</param>
    public static IHtmlContent Render(MediaImage image, string? alt = null, string sizes = "100vw", bool lazy = true, string? cssClass = null)
    {
        var encoder = HtmlEncoder.Default;
        var html = new HtmlContentBuilder();
        html.AppendHtml("<picture>");
        if (image.ContentType != "image/webp")
        {
            html.AppendHtml(string.Create(CultureInfo.InvariantCulture,
                $"<source type=\"image/webp\" srcset=\"{encoder.Encode(SrcSet(image.WebpSources))}\" sizes=\"{encoder.Encode(sizes)}\">"));
        }
        html.AppendHtml(string.Create(CultureInfo.InvariantCulture,
            $"<img src=\"{encoder.Encode(image.Url)}\" srcset=\"{encoder.Encode(SrcSet(image.Sources))}\" sizes=\"{encoder.Encode(sizes)}\" width=\"{image.Width}\" height=\"{image.Height}\" alt=\"{encoder.Encode(alt ?? image.AltText)}\" loading=\"{(lazy ? "lazy" : "eager")}\" decoding=\"async\""));
        if (cssClass is not null)
        {
            html.AppendHtml($" class=\"{encoder.Encode(cssClass)}\"");
        }
        html.AppendHtml("></picture>");
        return html;
    }

    internal static string SrcSet(IEnumerable<ImageSource> sources) =>
        string.Join(", ", sources.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Url} {s.Width}w")));
}

/// <summary>
/// <c>&lt;media-image src="/media/…" alt="…" sizes="…" lazy="false"&gt;</c> in a Razor view: a
/// <see cref="ResponsiveImage"/> for a library URL, a plain <c>&lt;img&gt;</c> for any other URL (or a deleted item).
/// Needs <c>@addTagHelper *, Byline.Web</c>.
/// </summary>
[HtmlTargetElement("media-image", TagStructure = TagStructure.WithoutEndTag)]
public sealed class MediaImageTagHelper(MediaLibrary library) : TagHelper
{
    public string? Src { get; set; }
    public string? Alt { get; set; }
    public string Sizes { get; set; } = "100vw";
    public bool Lazy { get; set; } = true;
    public string? Class { get; set; }

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = null;
        if (string.IsNullOrEmpty(Src))
        {
            output.SuppressOutput();
            return;
        }
        if (await library.FindByUrlAsync(Src) is { } image)
        {
            output.Content.SetHtmlContent(ResponsiveImage.Render(image, Alt, Sizes, Lazy, Class));
            return;
        }
        var encoder = HtmlEncoder.Default;
        output.Content.SetHtmlContent(
            $"<img src=\"{encoder.Encode(Src)}\" alt=\"{encoder.Encode(Alt ?? "")}\" loading=\"{(Lazy ? "lazy" : "eager")}\"{(Class is null ? "" : $" class=\"{encoder.Encode(Class)}\"")}>");
    }
}

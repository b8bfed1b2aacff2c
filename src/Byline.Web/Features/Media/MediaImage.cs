using System.Globalization;
using System.Text;

namespace Byline.Web.Features.Media;

/// <summary>One responsive copy: its URL and width in pixels, for a <c>srcset</c>.</summary>
public sealed record ImageSource(string Url, int Width);

/// <summary>What other features see of a library item: URLs, sizes and text, never the entity.</summary>
public sealed record MediaImage(
    int Id,
    string StorageKey,
    string OriginalFileName,
    string ContentType,
    int Width,
    int Height,
    long Length,
    string AltText,
    string? Caption,
    IReadOnlyList<int> VariantWidths,
    DateTime UploadedAt,
    int? UploadedByUserId,
    string? UploadedBy)
{
    public const string UrlPrefix = "/media/";

    public string Url => UrlPrefix + StorageKey;

    /// <summary>Decorative images have empty alt text, so screen readers skip them.</summary>
    public bool IsDecorative => AltText.Length == 0;

    /// <summary>The copies in the original format, smallest first, ending with the full-size image.</summary>
    public IReadOnlyList<ImageSource> Sources => SourcesIn(ContentType);

    /// <summary>The WebP copies, smallest first, ending with the full size.</summary>
    public IReadOnlyList<ImageSource> WebpSources => SourcesIn("image/webp");

    /// <summary>The smallest copy: what the library grid shows.</summary>
    public ImageSource Thumbnail => Sources[0];

    /// <summary>Height of a copy <paramref name="width"/> pixels wide, keeping the aspect ratio as the resizer does.</summary>
    public int HeightAt(int width) => Width == 0 ? 0 : Math.Max(1, (int)Math.Round((double)Height * width / Width));

    /// <summary>Ready to paste into an article: <c>![alt](/media/…)</c>.</summary>
    public string Markdown => $"![{EscapeMarkdown(AltText)}]({Url})";

    public static string FormatLength(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };

    private List<ImageSource> SourcesIn(string contentType)
    {
        var sources = VariantWidths.Select(w => new ImageSource(UrlPrefix + MediaKeys.Variant(StorageKey, w, contentType), w)).ToList();
        sources.Add(new ImageSource(UrlPrefix + MediaKeys.Variant(StorageKey, null, contentType), Width));
        return sources;
    }

    private static string EscapeMarkdown(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '[' or ']')
            {
                builder.Append('\\');
            }
            builder.Append(char.IsControl(c) ? ' ' : c);
        }
        return builder.ToString();
    }
}

/// <summary>One page of the library, newest first.</summary>
public sealed record MediaPage(IReadOnlyList<MediaImage> Items, int PageNumber, int TotalPages, int TotalCount);

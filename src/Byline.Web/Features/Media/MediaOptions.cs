using System.Globalization;

namespace Byline.Web.Features.Media;

/// <summary>The <c>Byline:Media</c> configuration section: limits and sizes for uploaded images.</summary>
public sealed class MediaOptions
{
    public const string Section = "Byline:Media";

    /// <summary>Largest file accepted, in bytes (default 10 MB). Bigger requests get 413 before they are read.</summary>
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest image accepted, in pixels (width × height, default 50 megapixels), checked before decoding.</summary>
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>Widths of the responsive copies, comma-separated (default <c>480,960,1600</c>). Never upscaled.</summary>
    public string VariantWidths { get; set; } = "480,960,1600";

    /// <summary>JPEG quality of the stored copies, 1–100.</summary>
    public int JpegQuality { get; set; } = 82;

    /// <summary>Quality of the lossy WebP copies made from JPEG originals, 1–100.</summary>
    public int WebpQuality { get; set; } = 80;

    /// <summary>Uploads per page in the library.</summary>
    public int PageSize { get; set; } = 24;

    /// <summary>The parsed <see cref="VariantWidths"/>, smallest first.</summary>
    public IReadOnlyList<int> Widths => ParseWidths(VariantWidths) ?? [];

    /// <summary>Bytes a request may carry beyond the file: the multipart envelope, alt text and caption.</summary>
    public long MaxRequestBytes => MaxUploadBytes + 64 * 1024;

    internal static IReadOnlyList<int>? ParseWidths(string? value)
    {
        var widths = new SortedSet<int>();
        foreach (var part in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var width) || width is < 16 or > 8192)
            {
                return null;
            }
            widths.Add(width);
        }
        return [.. widths];
    }

    internal bool IsValid() =>
        MaxUploadBytes is > 0 and <= 100L * 1024 * 1024
        && MaxPixels > 0
        && ParseWidths(VariantWidths) is not null
        && JpegQuality is >= 1 and <= 100
        && WebpQuality is >= 1 and <= 100
        && PageSize is >= 1 and <= 200;
}

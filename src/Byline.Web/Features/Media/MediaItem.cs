namespace Byline.Web.Features.Media;

/// <summary>An uploaded image. The bytes live in <see cref="IMediaStorage"/>; this row describes them.</summary>
public sealed class MediaItem
{
    public int Id { get; set; }

    /// <summary>Storage key of the original (re-encoded, metadata stripped), e.g. <c>2026/11/3f9c…-harbour.jpg</c>.</summary>
    public required string StorageKey { get; set; }
    public required string OriginalFileName { get; set; }
    public required string ContentType { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public long Length { get; set; }
    public string AltText { get; set; } = "";
    public string? Caption { get; set; }

    /// <summary>Widths of the generated responsive copies (JPEG/PNG and WebP), comma-separated, e.g. <c>480,960,1600</c>.</summary>
    public string VariantWidths { get; set; } = "";
    public DateTime UploadedAt { get; set; }
    public int? UploadedByUserId { get; set; }
}

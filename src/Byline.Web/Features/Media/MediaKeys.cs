using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Byline.Web.Features.Shared;

namespace Byline.Web.Features.Media;

/// <summary>
/// Storage keys. The server makes every key: <c>yyyy/MM/&lt;16 random hex&gt;-&lt;slug&gt;.ext</c> for the original,
/// <c>…-&lt;width&gt;.ext</c> for a resized copy and <c>….webp</c> / <c>…-&lt;width&gt;.webp</c> for the WebP copies.
/// Nothing a user typed ends up in a key but a slug of the file name, so a key can never climb out of its folder.
/// </summary>
public static partial class MediaKeys
{
    private const int SlugLength = 60;

    /// <summary>File extension (without the dot) for each stored content type.</summary>
    public static string Extension(string contentType) => contentType switch
    {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        _ => throw new ArgumentOutOfRangeException(nameof(contentType), contentType, "Not a stored image type."),
    };

    public static string? ContentTypeOf(string key) => Path.GetExtension(key) switch
    {
        ".jpg" => "image/jpeg",
        ".png" => "image/png",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        _ => null,
    };

    /// <summary>A fresh key for an upload: the month folder, a random part that makes it unique, and the file name as a slug.</summary>
    public static string New(DateTime uploadedAt, string originalFileName, string contentType)
    {
        var slug = Slugs.From(Path.GetFileNameWithoutExtension(originalFileName));
        // Keys are ASCII so they need no escaping in URLs, Markdown or object stores.
        slug = Dashes().Replace(AsciiSlug().Replace(slug, ""), "-").Trim('-');
        slug = slug.Length > SlugLength ? slug[..SlugLength].TrimEnd('-') : slug.Trim('-');
        if (slug.Length == 0)
        {
            slug = "image";
        }
        var random = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return string.Create(CultureInfo.InvariantCulture, $"{uploadedAt:yyyy}/{uploadedAt:MM}/{random}-{slug}.{Extension(contentType)}");
    }

    /// <summary>The key of a copy of <paramref name="originalKey"/>: resized to <paramref name="width"/> (or full size when null), in <paramref name="contentType"/>.</summary>
    public static string Variant(string originalKey, int? width, string contentType)
    {
        var stem = originalKey[..originalKey.LastIndexOf('.')];
        return width is null
            ? $"{stem}.{Extension(contentType)}"
            : string.Create(CultureInfo.InvariantCulture, $"{stem}-{width}.{Extension(contentType)}");
    }

    /// <summary>Every key an item owns: the original, the full-size WebP copy, and each width in both formats.</summary>
    public static IReadOnlyList<string> AllOf(MediaItem item)
    {
        var keys = new List<string> { item.StorageKey };
        var webp = Variant(item.StorageKey, null, "image/webp");
        if (webp != item.StorageKey)
        {
            keys.Add(webp);
        }
        foreach (var width in Widths(item.VariantWidths))
        {
            keys.Add(Variant(item.StorageKey, width, item.ContentType));
            if (item.ContentType != "image/webp")
            {
                keys.Add(Variant(item.StorageKey, width, "image/webp"));
            }
        }
        return keys;
    }

    public static IReadOnlyList<int> Widths(string variantWidths) =>
        variantWidths.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => int.Parse(w, NumberStyles.None, CultureInfo.InvariantCulture))
            .Order()
            .ToList();

    /// <summary>
    /// The part of a requested key that every key of one item starts with (<c>2026/11/3f9c0a1b2c3d4e5f-</c>), or null
    /// when the key does not have the shape the server gives keys: such a request is a 404 without a database query.
    /// </summary>
    public static string? ItemPrefix(string? key) =>
        key is not null && KeyShape().Match(key) is { Success: true } match ? match.Groups["prefix"].Value : null;

    [GeneratedRegex(@"^(?<prefix>[0-9]{4}/[0-9]{2}/[0-9a-f]{16}-)[a-z0-9]+(?:-[a-z0-9]+)*\.(?:jpg|png|gif|webp)$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyShape();

    [GeneratedRegex("[^a-z0-9-]")]
    private static partial Regex AsciiSlug();

    [GeneratedRegex("-{2,}")]
    private static partial Regex Dashes();
}

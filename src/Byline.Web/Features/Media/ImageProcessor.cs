using System.Globalization;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Processing;

namespace Byline.Web.Features.Media;

/// <summary>One stored copy of an upload: full size when <see cref="Width"/> is null.</summary>
public sealed record ProcessedCopy(string ContentType, int? Width, byte[] Bytes);

/// <summary>An upload after processing: upright, without metadata, re-encoded, with its responsive copies.</summary>
public sealed record ProcessedImage(string ContentType, int Width, int Height, byte[] Original, IReadOnlyList<int> VariantWidths, IReadOnlyList<ProcessedCopy> Copies);

/// <summary>The upload is not an image Byline takes; the message says why, in words an editor understands.</summary>
public sealed class ImageRejectedException(string message) : Exception(message);

/// <summary>
/// Everything Byline does with pixels, and the only class that knows ImageSharp. It trusts nothing about the upload
/// but its bytes: the type is sniffed from them, the size is read from the header before any pixel is decoded
/// (so a small file that would decode to gigabytes is refused), and every copy is re-encoded from the pixels, so
/// EXIF (GPS position, camera serial), IPTC, XMP, ICC profiles and text chunks do not survive.
/// </summary>
public sealed class ImageProcessor(IOptions<MediaOptions> options)
{
    private const string Accepted = "JPEG, PNG, GIF or WebP";

    // Only the four web formats: BMP, TIFF, TGA and PBM are neither detected nor decoded. Each allocation is capped
    // as a second line of defence behind the pixel limit.
    private static readonly Configuration Formats = new(
        new JpegConfigurationModule(), new PngConfigurationModule(), new GifConfigurationModule(), new WebpConfigurationModule())
    {
        MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = 1024 }),
    };

    // Decoding and encoding are CPU-bound; two at a time keeps a burst of uploads from starving page rendering.
    private static readonly SemaphoreSlim Gate = new(2);

    /// <summary>Processes the upload in <paramref name="input"/> (seekable). Throws <see cref="ImageRejectedException"/> for anything but a usable image.</summary>
    public async Task<ProcessedImage> ProcessAsync(Stream input, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await Gate.WaitAsync(cancellationToken);
        try
        {
            var format = await DetectAsync(input, cancellationToken);
            var contentType = format.DefaultMimeType;

            input.Position = 0;
            var info = await Image.IdentifyAsync(Formats, input, cancellationToken)
                ?? throw new ImageRejectedException($"The file could not be read as a {format.Name} image.");
            if ((long)info.Width * info.Height > settings.MaxPixels)
            {
                throw new ImageRejectedException(string.Create(CultureInfo.InvariantCulture,
                    $"The image is {info.Width} × {info.Height} pixels; the limit is {settings.MaxPixels / 1_000_000.0:0.#} megapixels. Make it smaller and upload it again."));
            }

            input.Position = 0;
            using var image = await LoadAsync(input, format, cancellationToken);
            // Turn the pixels the way the camera said, then drop everything but the pixels.
            image.Mutate(x => x.AutoOrient());
            StripMetadata(image);

            var copies = new List<ProcessedCopy>();
            var original = await EncodeAsync(image, contentType, contentType, cancellationToken);
            if (contentType != "image/webp")
            {
                copies.Add(new ProcessedCopy("image/webp", null, await EncodeAsync(image, "image/webp", contentType, cancellationToken)));
            }
            var widths = settings.Widths.Where(w => w < image.Width).ToList();
            foreach (var width in widths)
            {
                using var resized = image.Clone(x => x.Resize(width, 0));
                copies.Add(new ProcessedCopy(contentType, width, await EncodeAsync(resized, contentType, contentType, cancellationToken)));
                if (contentType != "image/webp")
                {
                    copies.Add(new ProcessedCopy("image/webp", width, await EncodeAsync(resized, "image/webp", contentType, cancellationToken)));
                }
            }
            return new ProcessedImage(contentType, image.Width, image.Height, original, widths, copies);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<IImageFormat> DetectAsync(Stream input, CancellationToken cancellationToken)
    {
        input.Position = 0;
        IImageFormat? format;
        try
        {
            format = await Image.DetectFormatAsync(Formats, input, cancellationToken);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException)
        {
            format = null;
        }
        return format ?? throw new ImageRejectedException($"The file is not a {Accepted} image, whatever its name says. Only {Accepted} images can be uploaded.");
    }

    private static async Task<Image> LoadAsync(Stream input, IImageFormat format, CancellationToken cancellationToken)
    {
        try
        {
            return await Image.LoadAsync(Formats, input, cancellationToken);
        }
        catch (Exception e) when (e is ImageFormatException or InvalidMemoryOperationException or NotSupportedException)
        {
            throw new ImageRejectedException($"The file looks like a {format.Name} image but is damaged and could not be read.");
        }
    }

    private static void StripMetadata(Image image)
    {
        var metadata = image.Metadata;
        metadata.ExifProfile = null;
        metadata.IptcProfile = null;
        metadata.XmpProfile = null;
        metadata.IccProfile = null;
        metadata.GetPngMetadata().TextData.Clear();
        metadata.GetGifMetadata().Comments.Clear();
        foreach (var frame in image.Frames)
        {
            frame.Metadata.ExifProfile = null;
            frame.Metadata.IptcProfile = null;
            frame.Metadata.XmpProfile = null;
            frame.Metadata.IccProfile = null;
        }
    }

    private async Task<byte[]> EncodeAsync(Image image, string contentType, string sourceType, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        IImageEncoder encoder = contentType switch
        {
            "image/jpeg" => new JpegEncoder { Quality = settings.JpegQuality },
            "image/png" => new PngEncoder(),
            "image/gif" => new GifEncoder(),
            // Photos (and WebP that was lossy already) stay lossy; graphics from PNG and GIF keep every pixel.
            _ => sourceType is "image/png" or "image/gif"
                 || sourceType == "image/webp" && image.Metadata.GetWebpMetadata().FileFormat == WebpFileFormatType.Lossless
                ? new WebpEncoder { FileFormat = WebpFileFormatType.Lossless }
                : new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, Quality = settings.WebpQuality },
        };
        using var output = new MemoryStream();
        await image.SaveAsync(output, encoder, cancellationToken);
        return output.ToArray();
    }
}

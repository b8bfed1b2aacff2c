using System.Net.Http.Headers;
using Byline.IntegrationTests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Byline.IntegrationTests.Admin.Media;

/// <summary>Real images made on the spot, and the upload form submitted as a browser submits it (multipart, with its token).</summary>
public static class MediaTestKit
{
    /// <summary>A JPEG whose left half is red and right half blue, with optional EXIF orientation and a GPS position.</summary>
    public static byte[] Jpeg(int width, int height, ushort? orientation = null, bool gps = false)
    {
        using var image = TwoColours(width, height);
        if (orientation is not null || gps)
        {
            var exif = new ExifProfile();
            if (orientation is { } o)
            {
                exif.SetValue(ExifTag.Orientation, o);
            }
            if (gps)
            {
                exif.SetValue(ExifTag.GPSLatitudeRef, "N");
                exif.SetValue(ExifTag.GPSLatitude, [new Rational(13, 1), new Rational(45, 1), new Rational(3012, 100)]);
                exif.SetValue(ExifTag.GPSLongitudeRef, "E");
                exif.SetValue(ExifTag.GPSLongitude, [new Rational(100, 1), new Rational(30, 1), new Rational(1800, 100)]);
            }
            image.Metadata.ExifProfile = exif;
        }
        return Save(image, new JpegEncoder { Quality = 90 });
    }

    public static byte[] Png(int width, int height) => Save(TwoColours(width, height), new PngEncoder());

    public static byte[] Gif(int width, int height) => Save(TwoColours(width, height), new GifEncoder());

    public static byte[] Webp(int width, int height) => Save(TwoColours(width, height), new WebpEncoder { FileFormat = WebpFileFormatType.Lossy });

    /// <summary>
    /// A tiny JPEG whose header claims <paramref name="width"/> × <paramref name="height"/> pixels: decoding it would
    /// allocate gigabytes, so it must be refused from the header alone.
    /// </summary>
    public static byte[] JpegClaiming(ushort width, ushort height)
    {
        var bytes = Jpeg(16, 16);
        for (var i = 2; i < bytes.Length - 9; i++)
        {
            // Start of frame (baseline FF C0): length (2), precision (1), height (2), width (2).
            if (bytes[i] == 0xFF && bytes[i + 1] == 0xC0)
            {
                bytes[i + 5] = (byte)(height >> 8);
                bytes[i + 6] = (byte)height;
                bytes[i + 7] = (byte)(width >> 8);
                bytes[i + 8] = (byte)width;
                return bytes;
            }
        }
        throw new InvalidOperationException("No SOF0 marker in the JPEG.");
    }

    private static Image<Rgb24> TwoColours(int width, int height)
    {
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] = x < width / 2 ? new Rgb24(220, 30, 30) : new Rgb24(30, 30, 220);
                }
            }
        });
        return image;
    }

    private static byte[] Save(Image image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        using (image)
        {
            using var stream = new MemoryStream();
            image.Save(stream, encoder);
            return stream.ToArray();
        }
    }

    /// <summary>GETs the library, fills its upload form (token included) and posts it with the file as multipart.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] file, string fileName, string altText = "A test image",
        bool decorative = false, string caption = "", string contentType = "image/jpeg")
    {
        var page = await client.GetDocumentAsync("/admin/media");
        var form = page.QuerySelector("form.upload-form") ?? throw new InvalidOperationException("The library has no upload form.");
        var fields = Forms.FieldsOf(form).Where(f => !f.Key.StartsWith("Upload.", StringComparison.Ordinal)).ToList();
        fields.Add(new("Upload.AltText", altText));
        fields.Add(new("Upload.Caption", caption));
        if (decorative)
        {
            fields.Add(new("Upload.Decorative", "true"));
        }
        return await client.PostMultipartAsync(form.GetAttribute("action")!, fields, file, fileName, contentType);
    }

    public static async Task<HttpResponseMessage> PostMultipartAsync(this HttpClient client, string action, IEnumerable<KeyValuePair<string, string>> fields,
        byte[] file, string fileName, string contentType = "image/jpeg")
    {
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }
        if (fileName.Length > 0)
        {
            var filePart = new ByteArrayContent(file);
            filePart.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            content.Add(filePart, "Upload.File", fileName);
        }
        return await client.PostAsync(action, content);
    }
}

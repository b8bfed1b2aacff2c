using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Identity;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Byline.IntegrationTests.Admin.Media;

public sealed class MediaUploadTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new()
    {
        Settings =
        {
            ["Byline:Media:MaxUploadBytes"] = "400000",
            ["Byline:Media:MaxPixels"] = "4000000",
        },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_photo_is_stored_upright_without_its_gps_position_with_responsive_copies_served_for_a_year()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        // 1200 × 800 pixels, taken with the camera turned: orientation 6 means "rotate 90° clockwise to view".
        var photo = MediaTestKit.Jpeg(1200, 800, orientation: 6, gps: true);
        Assert.NotNull(Image.Identify(photo).Metadata.ExifProfile!.GetValue(ExifTag.GPSLatitude));

        using var upload = await author.UploadAsync(photo, "Songkhla Harbour at dawn.JPG", "Boats in the harbour at dawn", caption: "Songkhla, 2026");
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);

        var item = await _app.WithDbAsync(db => db.Media.SingleAsync());
        Assert.Equal("image/jpeg", item.ContentType);
        Assert.Equal((800, 1200), (item.Width, item.Height));
        Assert.Equal("480", item.VariantWidths); // 960 and 1600 would be upscaled: never.
        Assert.Equal("Boats in the harbour at dawn", item.AltText);
        Assert.Equal("Songkhla, 2026", item.Caption);
        Assert.Equal("Songkhla Harbour at dawn.JPG", item.OriginalFileName);
        Assert.Matches(@"^2026/11/[0-9a-f]{16}-songkhla-harbour-at-dawn\.jpg$", item.StorageKey);
        Assert.Equal($"/admin/media#media-{item.Id}", upload.Headers.Location!.OriginalString);

        var anonymous = _app.CreateBrowserlessClient();
        using var original = await anonymous.GetAsync("/media/" + item.StorageKey);
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal("image/jpeg", original.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", original.Headers.CacheControl!.ToString());
        Assert.Equal("nosniff", original.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.NotNull(original.Headers.ETag);
        var stored = await original.Content.ReadAsByteArrayAsync();
        Assert.Equal(item.Length, stored.LongLength);

        using (var served = Image.Load<Rgb24>(stored))
        {
            Assert.Equal((800, 1200), (served.Width, served.Height));
            Assert.True(served.Metadata.ExifProfile?.Values.Any(v => v.Tag == ExifTag.GPSLatitude || v.Tag == ExifTag.GPSLongitude) != true,
                "The GPS position survived.");
            Assert.Null(served.Metadata.ExifProfile?.GetValue(ExifTag.Orientation));
            // Turned clockwise: the red left half is now the top half.
            var top = served[400, 100];
            var bottom = served[400, 1100];
            Assert.True(top.R > 150 && top.B < 100, $"Top is {top}, expected red.");
            Assert.True(bottom.B > 150 && bottom.R < 100, $"Bottom is {bottom}, expected blue.");
        }

        var stem = "/media/" + item.StorageKey[..^4];
        foreach (var (url, type, width) in new[] { (stem + ".webp", "image/webp", 800), (stem + "-480.jpg", "image/jpeg", 480), (stem + "-480.webp", "image/webp", 480) })
        {
            using var copy = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
            Assert.Equal(type, copy.Content.Headers.ContentType!.MediaType);
            Assert.Equal("public, max-age=31536000, immutable", copy.Headers.CacheControl!.ToString());
            var info = Image.Identify(await copy.Content.ReadAsByteArrayAsync());
            Assert.Equal(width, info.Width);
            Assert.Null(info.Metadata.ExifProfile?.GetValue(ExifTag.GPSLatitude));
        }
        using var upscaled = await anonymous.GetAsync(stem + "-960.jpg");
        Assert.Equal(HttpStatusCode.NotFound, upscaled.StatusCode);

        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "media.upload"));
        Assert.Equal($"media {item.Id} “Songkhla Harbour at dawn.JPG”", audit.Subject);
    }

    [Fact]
    public async Task A_cached_image_is_revalidated_with_its_etag()
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        (await editor.UploadAsync(MediaTestKit.Png(300, 200), "chart.png", "A bar chart", contentType: "image/png")).Dispose();
        var key = await _app.WithDbAsync(db => db.Media.Select(m => m.StorageKey).SingleAsync());
        var client = _app.CreateBrowserlessClient();
        using var first = await client.GetAsync("/media/" + key);
        Assert.Equal("image/png", first.Content.Headers.ContentType!.MediaType);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/media/" + key);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var again = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Theory]
    [InlineData("png", "image/png")]
    [InlineData("gif", "image/gif")]
    [InlineData("webp", "image/webp")]
    public async Task Png_gif_and_webp_keep_their_format_and_get_webp_copies(string extension, string contentType)
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        var bytes = extension switch
        {
            "png" => MediaTestKit.Png(1000, 500),
            "gif" => MediaTestKit.Gif(1000, 500),
            _ => MediaTestKit.Webp(1000, 500),
        };
        // The name says JPEG: the bytes decide.
        using var upload = await editor.UploadAsync(bytes, "graphic.jpg", "A graphic");
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var item = await _app.WithDbAsync(db => db.Media.SingleAsync());
        Assert.Equal(contentType, item.ContentType);
        Assert.EndsWith("." + extension, item.StorageKey, StringComparison.Ordinal);
        Assert.Equal("480,960", item.VariantWidths);
        var stem = "/media/" + item.StorageKey[..item.StorageKey.LastIndexOf('.')];
        foreach (var url in new[] { stem + "-960." + extension, stem + "-480.webp", stem + ".webp" })
        {
            using var copy = await _app.CreateBrowserlessClient().GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        }
    }

    [Fact]
    public async Task A_web_page_named_jpg_is_refused_with_400_and_nothing_is_stored()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        var html = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"u8.ToArray();
        using var response = await author.UploadAsync(html, "holiday.jpg", "Holiday");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("not a JPEG, PNG, GIF or WebP image", page.QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        // What the author typed is still there.
        Assert.Equal("Holiday", page.QuerySelector("input[name='Upload.AltText']")!.GetAttribute("value"));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Other_image_formats_are_refused()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        using var bmp = new Image<Rgb24>(20, 20);
        using var stream = new MemoryStream();
        bmp.SaveAsBmp(stream);
        using var response = await author.UploadAsync(stream.ToArray(), "scan.bmp", "A scan", contentType: "image/bmp");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_file_over_the_size_limit_gets_413_before_it_is_read()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        var big = new byte[600_000];
        Random.Shared.NextBytes(big);
        using var response = await author.UploadAsync(big, "huge.jpg");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        // Refused before the form was read: the answer is the status page, not the upload page redisplayed.
        Assert.Null((await response.ParseAsync()).QuerySelector("form.upload-form"));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_file_just_over_the_limit_inside_the_form_allowance_also_gets_413_with_a_message()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        var file = new byte[400_001];
        using var response = await author.UploadAsync(file, "almost.jpg");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("the limit is", (await response.ParseAsync()).QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_image_with_too_many_pixels_is_refused_from_its_header()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        // A few hundred bytes claiming 60,000 × 60,000 pixels (3.6 gigapixels): decoding would need 10 GB.
        using var bomb = await author.UploadAsync(MediaTestKit.JpegClaiming(60000, 60000), "bomb.jpg", "Bomb");
        Assert.Equal(HttpStatusCode.BadRequest, bomb.StatusCode);
        Assert.Contains("60000 × 60000 pixels; the limit is 4 megapixels", (await bomb.ParseAsync()).QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);

        // A real image just over the configured limit (4 MP) too.
        using var real = await author.UploadAsync(MediaTestKit.Png(2100, 2000), "big.png", "Big", contentType: "image/png");
        Assert.Equal(HttpStatusCode.BadRequest, real.StatusCode);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_damaged_image_is_refused()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        var jpeg = MediaTestKit.Jpeg(200, 200);
        using var response = await author.UploadAsync(jpeg[..(jpeg.Length / 3)], "cut.jpg", "Cut off");
        // ImageSharp draws what it has of a truncated JPEG (as browsers do); either way nothing broken is stored.
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            await AssertNothingStoredAsync();
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        using var garbage = await author.UploadAsync([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 1, 2, 3, 4], "garbage.jpg", "Garbage");
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
    }

    [Fact]
    public async Task Alt_text_is_required_unless_the_image_is_marked_decorative()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        using var missing = await author.UploadAsync(MediaTestKit.Jpeg(100, 100), "rule.jpg", altText: "  ");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var page = await missing.ParseAsync();
        Assert.Contains("Describe the image in the alt text", page.QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        await AssertNothingStoredAsync();

        using var decorative = await author.UploadAsync(MediaTestKit.Jpeg(100, 100), "rule.jpg", altText: "ignored", decorative: true);
        Assert.Equal(HttpStatusCode.Redirect, decorative.StatusCode);
        var item = await _app.WithDbAsync(db => db.Media.SingleAsync());
        Assert.Equal("", item.AltText);
        var library = await author.GetDocumentAsync("/admin/media");
        Assert.Equal($"![](/media/{item.StorageKey})", library.QuerySelector($"#media-{item.Id} input.markdown-snippet")!.GetAttribute("value"));
        Assert.Equal("", library.QuerySelector($"#media-{item.Id} img")!.GetAttribute("alt"));
    }

    [Fact]
    public async Task Uploading_without_choosing_a_file_says_so()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        using var response = await author.UploadAsync([], "", "Something");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Choose an image file", (await response.ParseAsync()).QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Equal(0, await _app.WithDbAsync(db => db.Media.CountAsync()));
        var dataDirectory = _app.Services.GetRequiredService<IOptions<BylineOptions>>().Value.DataDirectory;
        var media = Path.Combine(dataDirectory, "media");
        Assert.True(!Directory.Exists(media) || Directory.GetFiles(media, "*", SearchOption.AllDirectories).Length == 0, "Files were left in the media folder.");
    }
}

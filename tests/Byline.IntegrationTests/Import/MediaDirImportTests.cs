using Byline.IntegrationTests.Admin.Media;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Import;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Import;

/// <summary><c>--media-dir</c>: attachments found in the uploads folder go into the media library; content and featured images follow.</summary>
public sealed class MediaDirImportTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("byline-wxr-media-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private const string Export = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
        <channel>
          <link>https://old.example.org</link>
          <wp:wxr_version>1.2</wp:wxr_version>
          <wp:base_site_url>https://old.example.org</wp:base_site_url>
          <item>
            <title>harbour</title>
            <wp:post_id>50</wp:post_id>
            <wp:post_type>attachment</wp:post_type>
            <wp:status>inherit</wp:status>
            <wp:attachment_url>https://old.example.org/wp-content/uploads/2019/05/harbour.jpg</wp:attachment_url>
            <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>Boats in the harbour</wp:meta_value></wp:postmeta>
          </item>
          <item>
            <title>missing</title>
            <wp:post_id>51</wp:post_id>
            <wp:post_type>attachment</wp:post_type>
            <wp:attachment_url>https://old.example.org/wp-content/uploads/2019/05/missing.png</wp:attachment_url>
          </item>
          <item>
            <title>Harbour story</title>
            <link>https://old.example.org/2019/05/harbour-story/</link>
            <dc:creator>ed</dc:creator>
            <content:encoded><![CDATA[<p><img src="https://old.example.org/wp-content/uploads/2019/05/harbour-300x200.jpg" alt="small"></p>
        <p><a href="https://old.example.org/wp-content/uploads/2019/05/harbour.jpg">full size</a> and <img src="https://old.example.org/wp-content/uploads/2019/05/missing.png" alt=""></p>]]></content:encoded>
            <wp:post_id>7</wp:post_id>
            <wp:post_date_gmt>2019-05-04 10:00:00</wp:post_date_gmt>
            <wp:post_name>harbour-story</wp:post_name>
            <wp:status>publish</wp:status>
            <wp:post_type>post</wp:post_type>
            <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>50</wp:meta_value></wp:postmeta>
          </item>
        </channel>
        </rss>
        """;

    private async Task<(int Code, string Output)> ImportAsync(params string[] options)
    {
        var file = Path.Combine(_folder, "export.xml");
        await File.WriteAllTextAsync(file, Export);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ImportCommand.RunAsync(_app.Services, ["wordpress", file, .. options], output, error);
        return (code, output + error.ToString());
    }

    [Fact]
    public async Task Attachments_in_the_folder_go_into_the_media_library_and_content_points_at_them()
    {
        var uploads = Directory.CreateDirectory(Path.Combine(_folder, "uploads", "2019", "05")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(uploads, "harbour.jpg"), MediaTestKit.Jpeg(800, 600, gps: true));

        var (code, output) = await ImportAsync("--media-dir", Path.Combine(_folder, "uploads"));

        Assert.True(code == 0, output);
        Assert.Contains("1 attachments (copied into the media library)", output, StringComparison.Ordinal);
        Assert.Contains("attachment 51: 2019/05/missing.png is not in the media folder; the remote URL is kept", output, StringComparison.Ordinal);
        await _app.WithDbAsync(async db =>
        {
            var media = await db.Media.SingleAsync();
            Assert.Equal("Boats in the harbour", media.AltText);
            Assert.Equal(800, media.Width);
            var url = "/media/" + media.StorageKey;
            var article = await db.Articles.SingleAsync(a => a.Slug == "harbour-story");
            Assert.Equal(url, article.FeaturedImageUrl);
            Assert.Contains($"src=\"{url}\"", article.BodyHtml, StringComparison.Ordinal); // the resized copy's URL too
            Assert.Contains($"href=\"{url}\"", article.BodyHtml, StringComparison.Ordinal);
            Assert.Contains("https://old.example.org/wp-content/uploads/2019/05/missing.png", article.BodyHtml, StringComparison.Ordinal);
            Assert.Equal(media.Id, (await db.ImportMappings.SingleAsync(m => m.Kind == "attachment" && m.ExternalId == "50")).LocalId);
        });

        // Again: nothing is copied twice.
        (code, output) = await ImportAsync("--media-dir", Path.Combine(_folder, "uploads"));
        Assert.True(code == 0, output);
        Assert.Contains("Already imported (unchanged): 1 attachments", output, StringComparison.Ordinal);
        Assert.Equal(1, await _app.WithDbAsync(db => db.Media.CountAsync()));
    }

    [Fact]
    public async Task Without_the_folder_or_in_a_dry_run_attachments_stay_remote()
    {
        var uploads = Directory.CreateDirectory(Path.Combine(_folder, "wp-content", "uploads", "2019", "05")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(uploads, "harbour.jpg"), MediaTestKit.Jpeg(400, 300));

        var (code, output) = await ImportAsync("--media-dir", _folder, "--dry-run");
        Assert.True(code == 0, output);
        Assert.Contains("1 attachments (copied into the media library)", output, StringComparison.Ordinal);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Media.CountAsync()));

        (code, output) = await ImportAsync();
        Assert.True(code == 0, output);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Media.CountAsync()));
        var article = await _app.WithDbAsync(db => db.Articles.SingleAsync(a => a.Slug == "harbour-story"));
        Assert.Equal("https://old.example.org/wp-content/uploads/2019/05/harbour.jpg", article.FeaturedImageUrl);
    }
}

using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Admin.Media;

public sealed class MediaLibraryPageTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new() { Settings = { ["Byline:Media:PageSize"] = "2" } };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_library_lists_uploads_newest_first_with_thumbnail_facts_and_markdown_paged()
    {
        var (author, user) = await _app.SignedInAsync(Roles.Author);
        foreach (var name in new[] { "first.jpg", "second.jpg", "third.jpg" })
        {
            (await author.UploadAsync(MediaTestKit.Jpeg(1000, 500), name, $"Alt of {name} [draft]")).Dispose();
            _app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var page1 = await author.GetDocumentAsync("/admin/media");
        Assert.Equal(["third.jpg", "second.jpg"], page1.QuerySelectorAll(".media-item h3").Select(h => h.Text()));
        Assert.Equal("Page 1 of 2", page1.QuerySelector(".pager span")!.Text());
        var third = await _app.WithDbAsync(db => db.Media.SingleAsync(m => m.OriginalFileName == "third.jpg"));
        var item = page1.QuerySelector($"#media-{third.Id}")!;
        var thumbnail = item.QuerySelector("img")!;
        Assert.Equal("/media/" + third.StorageKey[..^4] + "-480.jpg", thumbnail.GetAttribute("src"));
        Assert.Equal(("480", "240"), (thumbnail.GetAttribute("width"), thumbnail.GetAttribute("height")));
        Assert.Equal("Alt of third.jpg [draft]", thumbnail.GetAttribute("alt"));
        var facts = item.QuerySelector(".media-facts")!.Text();
        Assert.Contains("1000 × 500 pixels", facts, StringComparison.Ordinal);
        Assert.Contains("KB", facts, StringComparison.Ordinal);
        Assert.Contains("Author Tester", facts, StringComparison.Ordinal);
        Assert.Equal($"![Alt of third.jpg \\[draft\\]](/media/{third.StorageKey})", item.QuerySelector("input.markdown-snippet")!.GetAttribute("value"));
        Assert.NotNull(item.QuerySelector($"label[for='markdown-{third.Id}']"));

        var page2 = await author.GetDocumentAsync("/admin/media?page=2");
        Assert.Equal(["first.jpg"], page2.QuerySelectorAll(".media-item h3").Select(h => h.Text()));
        using var past = await author.GetAsync("/admin/media?page=3");
        Assert.Equal(HttpStatusCode.NotFound, past.StatusCode);
        using var junk = await author.GetAsync("/admin/media?page=abc");
        Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
        _ = user;
    }

    [Fact]
    public async Task Alt_text_and_caption_can_be_edited_and_alt_text_cannot_be_emptied_by_accident()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        (await author.UploadAsync(MediaTestKit.Jpeg(300, 300), "square.jpg", "Old alt")).Dispose();
        var item = await _app.WithDbAsync(db => db.Media.SingleAsync());

        var editPage = await author.GetDocumentAsync($"/admin/media/{item.Id}");
        Assert.Equal("Old alt", editPage.QuerySelector("input[name='Input.AltText']")!.GetAttribute("value"));
        Assert.NotNull(editPage.QuerySelector("picture source[type='image/webp']"));

        using var empty = await author.SubmitFormAsync($"/admin/media/{item.Id}", "main form[novalidate]",
            new Dictionary<string, string> { ["Input.AltText"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Describe the image", (await empty.ParseAsync()).QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        Assert.Equal("Old alt", await _app.WithDbAsync(db => db.Media.Select(m => m.AltText).SingleAsync()));

        using var saved = await author.SubmitFormAsync($"/admin/media/{item.Id}", "main form[novalidate]",
            new Dictionary<string, string> { ["Input.AltText"] = "New alt", ["Input.Caption"] = "A caption" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await _app.WithDbAsync(db => db.Media.SingleAsync());
        Assert.Equal(("New alt", "A caption"), (after.AltText, after.Caption));
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "media.edit")));

        using var missing = await author.GetAsync("/admin/media/99999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Other_features_get_a_picture_element_for_a_library_url()
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        (await editor.UploadAsync(MediaTestKit.Jpeg(1000, 600), "wide.jpg", "A \"wide\" <view>")).Dispose();
        var key = await _app.WithDbAsync(db => db.Media.Select(m => m.StorageKey).SingleAsync());
        await using var scope = _app.Services.CreateAsyncScope();
        var library = scope.ServiceProvider.GetRequiredService<MediaLibrary>();

        var stem = "/media/" + key[..^4];
        var image = await library.FindByUrlAsync(stem + "-480.webp");
        Assert.NotNull(image);
        Assert.Null(await library.FindByUrlAsync("https://example.org/x.jpg"));
        Assert.Null(await library.FindByUrlAsync(stem + "-1600.jpg"));

        using var writer = new StringWriter();
        ResponsiveImage.Render(image, sizes: "(min-width: 40rem) 40rem, 100vw").WriteTo(writer, System.Text.Encodings.Web.HtmlEncoder.Default);
        var html = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(writer.ToString());
        var source = html.QuerySelector("picture > source")!;
        Assert.Equal("image/webp", source.GetAttribute("type"));
        Assert.Equal($"{stem}-480.webp 480w, {stem}-960.webp 960w, {stem}.webp 1000w", source.GetAttribute("srcset"));
        var img = html.QuerySelector("picture > img")!;
        Assert.Equal($"{stem}-480.jpg 480w, {stem}-960.jpg 960w, {stem}.jpg 1000w", img.GetAttribute("srcset"));
        Assert.Equal(("1000", "600", "lazy"), (img.GetAttribute("width"), img.GetAttribute("height"), img.GetAttribute("loading")));
        Assert.Equal("A \"wide\" <view>", img.GetAttribute("alt"));
        Assert.Equal("(min-width: 40rem) 40rem, 100vw", img.GetAttribute("sizes"));
    }
}

using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Admin.Media;

public sealed class MediaAccessTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();

    // A site without accounts sends everyone to the setup page; with one, the login rules apply.
    public async Task InitializeAsync() => await _app.CreateUserAsync(Roles.Administrator);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/admin/media")]
    [InlineData("/admin/media/1")]
    public async Task Anonymous_visitors_are_sent_to_the_login_page(string url)
    {
        var client = _app.CreateBrowserlessClient();
        using var get = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Equal("/account/login", get.Headers.Location!.AbsolutePath);

        using var post = await client.PostMultipartAsync("/admin/media?handler=Upload", [], MediaTestKit.Jpeg(10, 10), "a.jpg");
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("/account/login", post.Headers.Location!.AbsolutePath);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Media.CountAsync()));
    }

    [Fact]
    public async Task Contributors_get_403_on_the_library_and_on_upload_and_see_no_media_link()
    {
        var (contributor, _) = await _app.SignedInAsync(Roles.Contributor);
        using var get = await contributor.GetAsync("/admin/media");
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);

        // A valid form token from a page the contributor may see, so only the role can be the reason for the refusal.
        var token = (await contributor.GetDocumentAsync("/admin")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var post = await contributor.PostMultipartAsync("/admin/media?handler=Upload",
            [new("__RequestVerificationToken", token), new("Upload.AltText", "Sneaky")], MediaTestKit.Jpeg(10, 10), "a.jpg");
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Media.CountAsync()));

        var dashboard = await contributor.GetDocumentAsync("/admin");
        Assert.Null(dashboard.QuerySelector("a[href='/admin/media']"));
    }

    [Fact]
    public async Task An_upload_without_the_form_token_is_refused_with_400()
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        using var post = await author.PostMultipartAsync("/admin/media?handler=Upload", [new("Upload.AltText", "No token")], MediaTestKit.Jpeg(10, 10), "a.jpg");
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Media.CountAsync()));
    }

    [Fact]
    public async Task An_author_can_delete_their_own_upload_but_not_anothers_which_an_editor_can()
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        (await editor.UploadAsync(MediaTestKit.Jpeg(600, 400), "editors.jpg", "The editor's photo")).Dispose();
        (await author.UploadAsync(MediaTestKit.Jpeg(600, 400), "authors.jpg", "The author's photo")).Dispose();
        var editors = await _app.WithDbAsync(db => db.Media.SingleAsync(m => m.OriginalFileName == "editors.jpg"));
        var authors = await _app.WithDbAsync(db => db.Media.SingleAsync(m => m.OriginalFileName == "authors.jpg"));

        // The author's library shows no delete or edit button for the editor's image...
        var library = await author.GetDocumentAsync("/admin/media");
        Assert.Null(library.QuerySelector($"#media-{editors.Id} form.delete-form"));
        Assert.NotNull(library.QuerySelector($"#media-{authors.Id} form.delete-form"));
        // ...and a forged request is refused.
        var token = library.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var forged = await author.PostAsync($"/admin/media?handler=Delete&id={editors.Id}",
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        using (var stillServed = await _app.CreateBrowserlessClient().GetAsync("/media/" + editors.StorageKey))
        {
            Assert.Equal(HttpStatusCode.OK, stillServed.StatusCode);
        }
        using var editOthers = await author.GetAsync($"/admin/media/{editors.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, editOthers.StatusCode);

        using var own = await author.SubmitFormAsync("/admin/media", $"#media-{authors.Id} form.delete-form");
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
        using var others = await editor.SubmitFormAsync("/admin/media", $"#media-{editors.Id} form.delete-form");
        Assert.Equal(HttpStatusCode.Redirect, others.StatusCode);

        Assert.Equal(0, await _app.WithDbAsync(db => db.Media.CountAsync()));
        foreach (var key in MediaKeys.AllOf(editors).Concat(MediaKeys.AllOf(authors)))
        {
            using var gone = await _app.CreateBrowserlessClient().GetAsync("/media/" + key);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            await using var scope = _app.Services.CreateAsyncScope();
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IMediaStorage>().OpenReadAsync(key, default));
        }
        var deletes = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "media.delete").Select(e => e.Subject).ToListAsync());
        Assert.Equal(2, deletes.Count);

        using var again = await editor.PostAsync($"/admin/media?handler=Delete&id={editors.Id}",
            new FormUrlEncodedContent([new("__RequestVerificationToken", (await editor.GetDocumentAsync("/admin/media")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!)]));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Theory]
    [InlineData("/media/../byline.db")]
    [InlineData("/media/..%2Fbyline.db")]
    [InlineData("/media/%2E%2E/%2E%2E/etc/passwd")]
    [InlineData("/media/..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/media/....//....//byline.db")]
    [InlineData("/media/2026/11/")]
    [InlineData("/media/2026/")]
    [InlineData("/media/")]
    [InlineData("/media/keys/key.xml")]
    [InlineData("/media/2026/11/0123456789abcdef-nothing.jpg")]
    [InlineData("/media/2026/11/0123456789abcdef-nothing.html")]
    public async Task Paths_outside_the_library_are_404(string url)
    {
        var (author, _) = await _app.SignedInAsync(Roles.Author);
        (await author.UploadAsync(MediaTestKit.Jpeg(50, 50), "real.jpg", "Real")).Dispose();
        using var response = await _app.CreateBrowserlessClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_file_in_the_media_folder_that_belongs_to_no_item_is_not_served()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            using var stray = new MemoryStream(MediaTestKit.Jpeg(20, 20));
            await scope.ServiceProvider.GetRequiredService<IMediaStorage>().SaveAsync("2026/11/0123456789abcdef-stray.jpg", stray, default);
        }
        using var response = await _app.CreateBrowserlessClient().GetAsync("/media/2026/11/0123456789abcdef-stray.jpg");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Admin.StaticPages;

public sealed class StaticPageTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static Dictionary<string, string> Fields(string title, string body, string status = "Published", string slug = "") => new()
    {
        ["Form.Title"] = title,
        ["Form.Slug"] = slug,
        ["Form.Body"] = body,
        ["Form.Status"] = status,
        ["Form.ShowInFooter"] = "true",
        ["command"] = "save",
    };

    [Fact]
    public async Task An_editor_publishes_an_about_page_that_readers_find_in_the_footer()
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        using var saved = await editor.SubmitFormAsync("/admin/pages/new", "#page-editor", Fields("About us", "We are a **small** newsroom."));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var reader = _app.CreateClient();
        var about = await reader.GetDocumentAsync("/about-us");
        Assert.Equal("About us", about.QuerySelector("main h1")!.Text());
        Assert.Equal("small", about.QuerySelector(".article-body strong")!.Text());
        var home = await reader.GetDocumentAsync("/");
        Assert.NotNull(home.QuerySelector(".site-footer a[href='/about-us']"));

        // Renaming the slug keeps the old address working.
        var id = await _app.WithDbAsync(db => db.StaticPages.Select(p => p.Id).SingleAsync());
        using var renamed = await editor.SubmitFormAsync($"/admin/pages/{id}", "#page-editor", Fields("About us", "We are a small newsroom.", slug: "about"));
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        using var old = await _app.CreateBrowserlessClient().GetAsync("/about-us");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal("/about", old.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Drafts_and_trashed_pages_are_not_public()
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        using (var saved = await editor.SubmitFormAsync("/admin/pages/new", "#page-editor", Fields("Masthead", "Who we are.", status: "Draft")))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        using (var draft = await _app.CreateClient().GetAsync("/masthead"))
        {
            Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
        }
        var id = await _app.WithDbAsync(db => db.StaticPages.Select(p => p.Id).SingleAsync());
        using (var published = await editor.SubmitFormAsync($"/admin/pages/{id}", "#page-editor", Fields("Masthead", "Who we are.")))
        {
            Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        }
        using (var live = await _app.CreateClient().GetAsync("/masthead"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        using (var trashed = await editor.SubmitFormAsync($"/admin/pages/{id}", ".trash-form"))
        {
            Assert.Equal(HttpStatusCode.Redirect, trashed.StatusCode);
        }
        using var gone = await _app.CreateClient().GetAsync("/masthead");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Theory]
    [InlineData("Search", "", "already uses")]
    [InlineData("Admin", "", "already uses")]
    [InlineData("!!!", "", "at least one letter")]
    [InlineData("", "", "Give the page a title.")]
    public async Task Bad_titles_and_slugs_are_refused(string title, string slug, string message)
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        using var response = await editor.SubmitFormAsync("/admin/pages/new", "#page-editor", Fields(title, "Text.", slug: slug));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.ParseAsync()).QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        Assert.False(await _app.WithDbAsync(db => db.StaticPages.AnyAsync()));
    }

    [Fact]
    public async Task Authors_and_contributors_cannot_manage_pages()
    {
        foreach (var role in new[] { Roles.Author, Roles.Contributor })
        {
            var (client, _) = await _app.SignedInAsync(role);
            using var list = await client.GetAsync("/admin/pages");
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
            using var create = await client.GetAsync("/admin/pages/new");
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        }
    }
}

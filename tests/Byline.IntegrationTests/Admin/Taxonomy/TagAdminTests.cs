using System.Globalization;
using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Admin.Taxonomy;

public sealed class TagAdminTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();
    private TestData Data => new(_app);
    private HttpClient _editor = null!;

    public async Task InitializeAsync() => (_editor, _) = await _app.SignedInAsync(Roles.Editor);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<int> TagIdAsync(string slug) => _app.WithDbAsync(db => db.Tags.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());

    private Task<List<string>> TagsOfAsync(int articleId) =>
        _app.WithDbAsync(db => db.Articles.Where(a => a.Id == articleId).SelectMany(a => a.Tags).Select(t => t.Slug).OrderBy(s => s).ToListAsync());

    private static Dictionary<string, string> Fields(string name, string slug = "") => new() { ["Input.Name"] = name, ["Input.Slug"] = slug };

    [Fact]
    public async Task The_list_shows_article_counts_and_a_new_tag_gets_a_slug_from_its_name()
    {
        await Data.ArticleAsync(tags: ["Elections"]);
        await Data.ArticleAsync(tags: ["Elections", "Budget"]);

        using var created = await _editor.SubmitFormAsync("/admin/taxonomy/tags", "#tag-form", Fields("Climate Change"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        var page = await _editor.GetDocumentAsync("/admin/taxonomy/tags");
        string CountOf(string name) => page.QuerySelectorAll("table.tags tbody tr").Single(r => r.QuerySelector("th")!.Text() == name)
            .QuerySelector(".article-count")!.Text();
        Assert.Equal("2", CountOf("Elections"));
        Assert.Equal("1", CountOf("Budget"));
        Assert.Equal("0", CountOf("Climate Change"));
        Assert.Equal("climate-change", (await _app.WithDbAsync(db => db.Tags.SingleAsync(t => t.Name == "Climate Change"))).Slug);
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "tag.create")));
    }

    [Fact]
    public async Task A_duplicate_tag_slug_gets_400_and_nothing_changes()
    {
        await Data.ArticleAsync(tags: ["Housing"]);
        var before = await _app.WithDbAsync(db => db.Tags.CountAsync());
        using var response = await _editor.SubmitFormAsync("/admin/taxonomy/tags", "#tag-form", Fields("HOUSING!"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Another tag already uses the slug “housing”", (await response.ParseAsync()).QuerySelector("main")!.Text(), StringComparison.Ordinal);
        Assert.Equal(before, await _app.WithDbAsync(db => db.Tags.CountAsync()));
    }

    [Fact]
    public async Task Renaming_a_tag_shows_on_its_page_and_a_new_slug_stores_a_redirect()
    {
        var article = await Data.ArticleAsync("Rates rise", tags: ["Interest rates"]);
        var id = await TagIdAsync("interest-rates");

        using var response = await _editor.SubmitFormAsync($"/admin/taxonomy/tags/{id}", "#tag-form", Fields("Interest Rates (UK)", "uk-rates"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var page = await _editor.GetDocumentAsync("/tag/uk-rates");
        Assert.Contains("Interest Rates (UK)", page.QuerySelector("h1")!.Text(), StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll(".article-list h2"), h => h.Text() == "Rates rise");
        var redirect = await _app.WithDbAsync(db => db.Redirects.AsNoTracking().SingleAsync());
        Assert.Equal(("/tag/interest-rates", "/tag/uk-rates"), (redirect.FromPath, redirect.ToPath));
        Assert.Equal(["uk-rates"], await TagsOfAsync(article.Id));
    }

    [Fact]
    public async Task Merging_tags_gives_their_articles_the_target_once_and_removes_the_source()
    {
        var both = await Data.ArticleAsync("Tagged twice", tags: ["Soccer", "Football"]);
        var onlySource = await Data.ArticleAsync("Tagged soccer", tags: ["Soccer"]);
        var onlyTarget = await Data.ArticleAsync("Tagged football", tags: ["Football"]);
        var soccer = await TagIdAsync("soccer");

        using var response = await _editor.SubmitFormAsync($"/admin/taxonomy/tags/{soccer}", "#merge-form",
            new Dictionary<string, string> { ["MergeTarget"] = "Football" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        Assert.Equal(["football"], await TagsOfAsync(both.Id));
        Assert.Equal(["football"], await TagsOfAsync(onlySource.Id));
        Assert.Equal(["football"], await TagsOfAsync(onlyTarget.Id));
        Assert.False(await _app.WithDbAsync(db => db.Tags.AnyAsync(t => t.Slug == "soccer")));
        var page = await _editor.GetDocumentAsync("/tag/football");
        Assert.Equal(3, page.QuerySelectorAll(".article-list h2").Length);
        using var gone = await _editor.GetAsync("/tag/soccer");
        Assert.Equal(HttpStatusCode.MovedPermanently, gone.StatusCode);
        Assert.Equal("/tag/football", gone.Headers.Location!.OriginalString);
        Assert.Equal("/tag/football", await _app.WithDbAsync(db => db.Redirects.Where(r => r.FromPath == "/tag/soccer").Select(r => r.ToPath).SingleAsync()));
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "tag.merge"));
        Assert.Contains("“Soccer” into", audit.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merging_into_an_unknown_tag_is_refused_with_400()
    {
        await Data.ArticleAsync(tags: ["Rugby"]);
        var rugby = await TagIdAsync("rugby");
        using var response = await _editor.SubmitFormAsync($"/admin/taxonomy/tags/{rugby}", "#merge-form",
            new Dictionary<string, string> { ["MergeTarget"] = "no such tag" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("There is no tag “no such tag”", (await response.ParseAsync()).QuerySelector("main")!.Text(), StringComparison.Ordinal);
        using var self = await _editor.SubmitFormAsync($"/admin/taxonomy/tags/{rugby}", "#merge-form",
            new Dictionary<string, string> { ["MergeTarget"] = "rugby" });
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.True(await _app.WithDbAsync(db => db.Tags.AnyAsync(t => t.Id == rugby)));
    }

    [Fact]
    public async Task Deleting_a_tag_removes_it_from_its_articles()
    {
        var article = await Data.ArticleAsync("Keeps the other tag", tags: ["Obsolete", "Keeper"]);
        var obsolete = await TagIdAsync("obsolete");

        using var response = await _editor.SubmitFormAsync($"/admin/taxonomy/tags/{obsolete}", "#delete-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        Assert.Equal(["keeper"], await TagsOfAsync(article.Id));
        var articlePage = await _editor.GetDocumentAsync(Byline.Web.Features.Articles.ArticleLinks.Url(article.PublishedAt!.Value, article.Slug));
        Assert.Equal(["Keeper"], articlePage.QuerySelectorAll(".tags a").Select(a => a.Text()));
        Assert.Equal(1, await _app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "tag.delete")));
    }

    [Fact]
    public async Task Many_tags_are_paged_and_searchable()
    {
        await _app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 55; i++)
            {
                db.Tags.Add(new Byline.Web.Features.Taxonomy.Tag { Name = string.Create(CultureInfo.InvariantCulture, $"Topic {i:00}"), Slug = string.Create(CultureInfo.InvariantCulture, $"topic-{i:00}") });
            }
            db.Tags.Add(new Byline.Web.Features.Taxonomy.Tag { Name = "Zebra crossings", Slug = "zebra-crossings" });
            await db.SaveChangesAsync();
        });

        var first = await _editor.GetDocumentAsync("/admin/taxonomy/tags");
        Assert.Equal(50, first.QuerySelectorAll("table.tags tbody tr").Length);
        var next = first.QuerySelector(".pager a[rel=next]")!.GetAttribute("href")!;
        var second = await _editor.GetDocumentAsync(next);
        Assert.Equal(6, second.QuerySelectorAll("table.tags tbody tr").Length);

        var found = await _editor.GetDocumentAsync("/admin/taxonomy/tags?q=zebra");
        Assert.Equal(["Zebra crossings"], found.QuerySelectorAll("table.tags tbody th").Select(t => t.Text()));

        using var bad = await _editor.GetAsync("/admin/taxonomy/tags?page=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Author)]
    [InlineData(Roles.Contributor)]
    public async Task Authors_and_contributors_get_403_on_tag_screens(string role)
    {
        await Data.ArticleAsync(tags: ["Protected"]);
        var id = await TagIdAsync("protected");
        await SiteAdminRequests.AssertForbiddenAsync(_app, role, $"/admin/taxonomy/tags/{id}", Fields("Renamed"));
        await SiteAdminRequests.AssertForbiddenAsync(_app, role, $"/admin/taxonomy/tags/{id}?handler=Delete", new Dictionary<string, string>());
        Assert.Equal("Protected", await _app.WithDbAsync(db => db.Tags.Where(t => t.Id == id).Select(t => t.Name).SingleAsync()));
        await SiteAdminRequests.AssertAnonymousIsSentToLoginAsync(_app, $"/admin/taxonomy/tags/{id}");
    }

    [Fact]
    public async Task A_tag_post_without_the_form_token_is_refused_with_400()
    {
        await Data.ArticleAsync(tags: ["Sturdy"]);
        var id = await TagIdAsync("sturdy");
        using var response = await _editor.PostAsync($"/admin/taxonomy/tags/{id}?handler=Delete", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(await _app.WithDbAsync(db => db.Tags.AnyAsync(t => t.Id == id)));
    }
}

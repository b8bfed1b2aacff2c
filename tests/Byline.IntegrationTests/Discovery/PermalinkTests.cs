using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Pages;
using Byline.Web.Features.Site;
using Byline.Web.Features.Taxonomy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Discovery;

public sealed class PermalinkTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();

    private TestData Data => new(_app);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static string Expected(string structure, Article article, Category category)
    {
        var at = article.PublishedAt!.Value;
        return structure switch
        {
            "/{year}/{month}/{day}/{slug}" => string.Create(CultureInfo.InvariantCulture, $"/{at:yyyy}/{at:MM}/{at:dd}/{article.Slug}"),
            "/{category}/{slug}" => $"/{category.Slug}/{article.Slug}",
            "/{slug}" => $"/{article.Slug}",
            _ => string.Create(CultureInfo.InvariantCulture, $"/{at:yyyy}/{at:MM}/{article.Slug}"),
        };
    }

    /// <summary>Sets the structure as an operator with database access would; the form is tested on its own.</summary>
    private async Task UseStructureAsync(string structure)
    {
        await _app.WithDbAsync(db => db.SiteSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.PermalinkStructure, structure)));
        _app.Services.GetRequiredService<SiteSettingsProvider>().Invalidate();
    }

    private static readonly string[] Structures = ["/{year}/{month}/{slug}", "/{year}/{month}/{day}/{slug}", "/{category}/{slug}", "/{slug}"];

    [Theory]
    [InlineData("/{year}/{month}/{day}/{slug}")]
    [InlineData("/{category}/{slug}")]
    [InlineData("/{slug}")]
    public async Task Switching_the_structure_in_settings_moves_every_link_to_the_new_form(string structure)
    {
        var category = await Data.CategoryAsync("World");
        var article = await Data.ArticleAsync("Harbour plans", category: category);
        await Data.CommentAsync(article, "elijah", body: "Good plans");
        var visitor = _app.CreateClient();
        // Fill every cache that holds article URLs first: pages, sidebar, feeds.
        var oldUrl = ArticleLinks.Url(article.PublishedAt!.Value, article.Slug);
        Assert.NotNull((await visitor.GetDocumentAsync("/")).QuerySelector($"a[href='{oldUrl}']"));
        (await visitor.GetAsync("/feed")).Dispose();

        var (admin, _) = await _app.SignedInAsync(Roles.Administrator);
        using (var saved = await admin.SubmitFormAsync("/admin/settings", "#settings-form", new Dictionary<string, string> { ["Input.PermalinkStructure"] = structure }))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "settings.update"));
        Assert.Contains($"PermalinkStructure: “/{{year}}/{{month}}/{{slug}}” → “{structure}”", audit.Details, StringComparison.Ordinal);

        var url = Expected(structure, article, category);
        var home = await visitor.GetDocumentAsync("/");
        Assert.NotEmpty(home.QuerySelectorAll($"a[href='{url}']"));
        Assert.Empty(home.QuerySelectorAll($"a[href^='{oldUrl}']"));
        // The Recent Comments box links to the comment under the new address.
        Assert.NotNull(home.QuerySelector($"a[href^='{url}#comment-']"));

        var rss = XDocument.Parse(await visitor.GetStringAsync("/feed"));
        Assert.Contains($"http://localhost{url}", rss.Descendants("item").Select(i => (string?)i.Element("link")));
        XNamespace sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var urls = XDocument.Parse(await visitor.GetStringAsync("/sitemaps/articles-1.xml")).Descendants(sitemap + "loc").Select(l => l.Value).ToList();
        Assert.Contains($"http://localhost{url}", urls);
        Assert.DoesNotContain($"http://localhost{oldUrl}", urls);
        var found = await visitor.GetDocumentAsync("/search?q=Harbour");
        Assert.NotNull(found.QuerySelector($"a[href='{url}']"));

        var page = await visitor.GetDocumentAsync(url);
        Assert.Equal(article.Title, page.QuerySelector("h1")!.Text());
        Assert.Equal($"http://localhost{url}", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal($"http://localhost{url}", page.QuerySelector("meta[property='og:url']")!.GetAttribute("content"));
        var news = page.QuerySelectorAll("script[type='application/ld+json']").Select(s => JsonDocument.Parse(s.TextContent).RootElement)
            .Single(j => j.GetProperty("@type").GetString() == "NewsArticle");
        Assert.Equal($"http://localhost{url}", news.GetProperty("mainEntityOfPage").GetProperty("@id").GetString());
        // The article's comment feed lives under its new address.
        var commentFeed = page.QuerySelector("link[rel=alternate][title^='Comments on “']")!.GetAttribute("href")!;
        Assert.Equal($"{url}/comments/feed", commentFeed);
        var comments = XDocument.Parse(await visitor.GetStringAsync(commentFeed));
        Assert.StartsWith($"http://localhost{url}#comment-", (string?)comments.Descendants("item").Single().Element("link"), StringComparison.Ordinal);

        // The address the article had before the change answers with a permanent redirect, query kept.
        using var old = await _app.CreateBrowserlessClient().GetAsync($"{oldUrl}?utm_source=mail");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal($"{url}?utm_source=mail", old.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/{year}/{month}/{slug}")]
    [InlineData("/{year}/{month}/{day}/{slug}")]
    [InlineData("/{category}/{slug}")]
    [InlineData("/{slug}")]
    public async Task Every_other_form_of_an_article_address_redirects_permanently_to_the_current_one(string structure)
    {
        var category = await Data.CategoryAsync("Local");
        var article = await Data.ArticleAsync("Tram vote", category: category);
        await UseStructureAsync(structure);
        var client = _app.CreateBrowserlessClient();
        var current = Expected(structure, article, category);

        using (var ok = await client.GetAsync(current))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        foreach (var other in Structures.Where(s => s != structure))
        {
            using var response = await client.GetAsync(Expected(other, article, category) + "?ref=old&x=1");
            Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
            Assert.Equal(current + "?ref=old&x=1", response.Headers.Location!.OriginalString);
        }
    }

    [Theory]
    [InlineData("/{year}/{month}/{slug}")]
    [InlineData("/{year}/{month}/{day}/{slug}")]
    [InlineData("/{category}/{slug}")]
    [InlineData("/{slug}")]
    public async Task Unknown_slugs_wrong_categories_and_drafts_are_404(string structure)
    {
        var category = await Data.CategoryAsync("Local");
        var other = await Data.CategoryAsync("Sport");
        var article = await Data.ArticleAsync("Tram vote", category: category);
        var draft = await Data.ArticleAsync("Not yet", category: category);
        await _app.WithDbAsync(db => db.Articles.Where(a => a.Id == draft.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ArticleStatus.Draft)));
        await UseStructureAsync(structure);
        var client = _app.CreateBrowserlessClient();

        foreach (var url in new[]
                 {
                     Expected(structure, draft, category), "/no-such-article", $"/{category.Slug}/no-such-article", "/2026/11/no-such-article",
                     $"/{other.Slug}/{article.Slug}", $"/nowhere/{article.Slug}",
                 })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {response.StatusCode}");
        }
    }

    [Fact]
    public async Task With_slug_only_addresses_a_static_page_wins_over_an_article_of_the_same_slug()
    {
        var article = await Data.ArticleAsync("Contact");
        var now = _app.Clock.GetUtcNow().UtcDateTime;
        await _app.WithDbAsync(async db =>
        {
            db.StaticPages.Add(new StaticPage
            {
                Slug = article.Slug, Title = "Contact the newsroom", BodyMarkdown = "Write to us.", BodyHtml = "<p>Write to us.</p>",
                Status = StaticPageStatus.Published, CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        });
        _app.Services.GetRequiredService<PageDirectory>().Invalidate();
        var other = await Data.ArticleAsync("Budget passes");
        await UseStructureAsync("/{slug}");
        var client = _app.CreateClient();

        var page = await client.GetDocumentAsync($"/{article.Slug}");
        Assert.Equal("Contact the newsroom", page.QuerySelector("h1")!.Text());
        var articlePage = await client.GetDocumentAsync($"/{other.Slug}");
        Assert.Equal("Budget passes", articlePage.QuerySelector("h1")!.Text());
    }

    [Fact]
    public async Task With_slug_only_addresses_a_new_article_avoids_static_page_slugs_and_the_sites_own_addresses()
    {
        var now = _app.Clock.GetUtcNow().UtcDateTime;
        await _app.WithDbAsync(async db =>
        {
            db.StaticPages.Add(new StaticPage
            {
                Slug = "about", Title = "About us", BodyMarkdown = "We.", BodyHtml = "<p>We.</p>",
                Status = StaticPageStatus.Published, CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        });
        await UseStructureAsync("/{slug}");
        var category = await Data.CategoryAsync("Local");
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);

        foreach (var (title, expected) in new[] { ("About", "about-2"), ("Search", "search-2") })
        {
            using var response = await editor.SubmitFormAsync("/admin/articles/new", "#article-editor", new Dictionary<string, string>
            {
                ["Form.Title"] = title, ["Form.Slug"] = "", ["Form.Body"] = "Text.", ["Form.CategoryId"] = category.Id.ToString(CultureInfo.InvariantCulture),
                ["command"] = "publish",
            });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var slug = await _app.WithDbAsync(db => db.Articles.Where(a => a.Title == title).Select(a => a.Slug).SingleAsync());
            Assert.Equal(expected, slug);
            using var shown = await _app.CreateClient().GetAsync("/" + slug);
            Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        }
    }

    [Theory]
    [InlineData("/{category}/{slug}")]
    [InlineData("/{slug}")]
    public async Task The_sites_own_addresses_still_work_with_short_permalinks(string structure)
    {
        var category = await Data.CategoryAsync("World");
        var article = await Data.ArticleAsync("Mission Bangkok", category: category, tags: ["Climate"]);
        var author = await _app.WithDbAsync(db => db.Authors.Where(a => a.Id == article.AuthorId).Select(a => a.Slug).SingleAsync());
        await UseStructureAsync(structure);
        // Set up, so the sign-in page shows instead of the first-run page.
        await _app.CreateUserAsync(Roles.Administrator);
        var client = _app.CreateBrowserlessClient();

        foreach (var url in new[]
                 {
                     "/", $"/category/{category.Slug}", "/tag/climate", $"/author/{author}", "/search?q=Bangkok", "/feed", "/feed/atom",
                     $"/category/{category.Slug}/feed", "/sitemap.xml", "/sitemaps/articles-1.xml", "/robots.txt", "/2026", "/2026/11",
                     "/privacy", "/account/login", "/comments/feed",
                 })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {response.StatusCode}");
        }
        using var admin = await client.GetAsync("/admin/settings");
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Equal("/account/login", admin.Headers.Location!.AbsolutePath);
        var categoryPage = await _app.CreateClient().GetDocumentAsync($"/category/{category.Slug}");
        Assert.NotNull(categoryPage.QuerySelector($"a[href='{Expected(structure, article, category)}']"));
    }

    [Fact]
    public async Task Comments_post_and_return_to_the_article_under_a_category_address()
    {
        var category = await Data.CategoryAsync("Local");
        var article = await Data.ArticleAsync("Harbour plans", category: category);
        await UseStructureAsync("/{category}/{slug}");
        var url = Expected("/{category}/{slug}", article, category);

        using var response = await _app.CreateBrowserlessClient().PostCommentAsync(url, Html.CommentFields("Ada", "ada@example.org", "Well argued."));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(url + "#comment-", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_slug_still_redirects_after_a_structure_change()
    {
        var category = await Data.CategoryAsync("Local");
        var article = await Data.ArticleAsync("Old name", category: category);
        var oldUrl = ArticleLinks.Url(article.PublishedAt!.Value, article.Slug);
        await _app.WithDbAsync(async db =>
        {
            await Redirects.RememberAsync(db, oldUrl, article.Id, article.PublishedAt!.Value, default);
            await db.Articles.Where(a => a.Id == article.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Slug, "new-name"));
        });
        await UseStructureAsync("/{slug}");

        using var response = await _app.CreateBrowserlessClient().GetAsync(oldUrl);
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/new-name", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task With_category_addresses_a_renamed_categorys_old_article_addresses_redirect()
    {
        var category = await Data.CategoryAsync("Local");
        var article = await Data.ArticleAsync("Harbour plans", category: category);
        await UseStructureAsync("/{category}/{slug}");
        var oldUrl = $"/{category.Slug}/{article.Slug}";
        // What renaming the category on /admin/taxonomy stores.
        await _app.WithDbAsync(async db =>
        {
            await Redirects.MovePathAsync(db, $"/category/{category.Slug}", "/category/city", _app.Clock.GetUtcNow().UtcDateTime, default);
            await db.SaveChangesAsync();
            await db.Categories.Where(c => c.Id == category.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Slug, "city"));
        });
        _app.Services.GetRequiredService<CategoryDirectory>().Invalidate();

        using var response = await _app.CreateBrowserlessClient().GetAsync(oldUrl);
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal($"/city/{article.Slug}", response.Headers.Location!.OriginalString);
    }
}

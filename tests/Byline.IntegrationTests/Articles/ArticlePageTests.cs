using System.Net;
using System.Text.Json;
using Byline.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Comments;

namespace Byline.IntegrationTests.Articles;

public sealed class ArticlePageTests(BylineAppFactory app) : IClassFixture<BylineAppFactory>
{
    private readonly TestData _data = new(app);

    private const string RichBody = """
        Intro paragraph with a [link](https://example.org/source).

        ## A section heading

        > A quoted official said something memorable.

        - first point
        - second point

        ![A chart](/images/demo/flood-defences.svg)

        Run `make build` or:

        ```
        dotnet run
        ```
        """;

    [Fact]
    public async Task Shows_breadcrumbs_article_metadata_body_and_date_line()
    {
        var parent = await _data.CategoryAsync("World");
        var category = await _data.CategoryAsync("Asia", parent.Id);
        var author = await _data.AuthorAsync("Maya Okafor");
        var article = await _data.ArticleAsync("Mission Bangkok", RichBody, category, author, tags: ["Climate", "Floods"]);
        var client = app.CreateClient();

        var page = await client.GetDocumentAsync(ArticleLinks.Url(article.PublishedAt!.Value, article.Slug));

        // Date line: the fake clock says Friday, November 20, 2026 (site time zone UTC, culture en-US).
        Assert.Equal("Friday, November 20, 2026", page.QuerySelector(".dateline time")!.Text());

        var trail = page.QuerySelector("nav[aria-label=Breadcrumb]")!;
        var links = trail.QuerySelectorAll("li a").ToList();
        Assert.Equal(["Home", "World", "Asia", "Mission Bangkok"], links.Select(a => a.Text()));
        Assert.Equal("page", links[^1].GetAttribute("aria-current"));
        Assert.All(links.SkipLast(1), a => Assert.Null(a.GetAttribute("aria-current")));
        Assert.Equal($"/category/{category.Slug}", links[2].GetAttribute("href"));

        var jsonLd = page.QuerySelectorAll("script[type='application/ld+json']")
            .Select(s => JsonDocument.Parse(s.TextContent).RootElement)
            .Single(j => j.GetProperty("@type").GetString() == "BreadcrumbList");
        var items = jsonLd.GetProperty("itemListElement").EnumerateArray().ToList();
        Assert.Equal(4, items.Count);
        Assert.Equal("Mission Bangkok", items[3].GetProperty("name").GetString());
        Assert.Equal(4, items[3].GetProperty("position").GetInt32());
        Assert.StartsWith("http", items[0].GetProperty("item").GetString(), StringComparison.Ordinal);

        Assert.Equal("Mission Bangkok", page.QuerySelector("article h1")!.Text());
        Assert.Equal("Maya Okafor", page.QuerySelector("a[rel=author]")!.Text());
        Assert.NotNull(page.QuerySelector("article .meta time[datetime]"));
        Assert.Equal("Asia", page.QuerySelector(".kicker a")!.Text());
        Assert.Equal(["Climate", "Floods"], page.QuerySelectorAll(".tags a[rel=tag]").Select(a => a.Text()));

        var body = page.QuerySelector(".article-body")!;
        Assert.Equal("A section heading", body.QuerySelector("h2")!.Text());
        Assert.Contains("memorable", body.QuerySelector("blockquote")!.Text(), StringComparison.Ordinal);
        Assert.Equal(2, body.QuerySelectorAll("ul li").Length);
        Assert.Equal("https://example.org/source", body.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("/images/demo/flood-defences.svg", body.QuerySelector("img")!.GetAttribute("src"));
        Assert.Equal("dotnet run", body.QuerySelector("pre code")!.Text());
    }

    [Fact]
    public async Task Counts_only_approved_comments_and_threads_replies_under_parents()
    {
        var article = await _data.ArticleAsync("Counting comments");
        var first = await _data.CommentAsync(article, "ann", age: TimeSpan.FromHours(3));
        var reply = await _data.CommentAsync(article, "bob", parentId: first.Id, age: TimeSpan.FromHours(2));
        await _data.CommentAsync(article, "cy", parentId: reply.Id, age: TimeSpan.FromHours(1));
        await _data.CommentAsync(article, "dee", age: TimeSpan.FromMinutes(30));
        await _data.CommentAsync(article, "pending-person", status: CommentStatus.Pending);
        await _data.CommentAsync(article, "spammer", status: CommentStatus.Spam);

        var page = await app.CreateClient().GetDocumentAsync(ArticleLinks.Url(article.PublishedAt!.Value, article.Slug));

        Assert.Equal("4 Comments", page.QuerySelector("h2.comment-count")!.Text());
        Assert.Equal("4 Comments", page.QuerySelector(".comment-count-link")!.Text());
        var authors = page.QuerySelectorAll(".comment-author").Select(a => a.Text()).ToList();
        Assert.Equal(["ann", "bob", "cy", "dee"], authors);
        Assert.NotNull(page.QuerySelector($"#comment-{first.Id} > ol.children > #comment-{reply.Id}"));
        Assert.Empty(page.QuerySelectorAll(".awaiting-moderation"));
    }

    [Theory]
    [InlineData(0, "No Comments")]
    [InlineData(1, "1 Comment")]
    public async Task Comment_count_has_zero_and_singular_forms(int approved, string expected)
    {
        var article = await _data.ArticleAsync("Singular and zero");
        for (var i = 0; i < approved; i++)
        {
            await _data.CommentAsync(article);
        }

        var page = await app.CreateClient().GetDocumentAsync(ArticleLinks.Url(article.PublishedAt!.Value, article.Slug));

        Assert.Equal(expected, page.QuerySelector("h2.comment-count")!.Text());
    }

    [Fact]
    public async Task Comment_form_has_fields_consent_and_a_privacy_notice()
    {
        var article = await _data.ArticleAsync("Form check");

        var page = await app.CreateClient().GetDocumentAsync(ArticleLinks.Url(article.PublishedAt!.Value, article.Slug));

        var form = page.QuerySelector("form.comment-form")!;
        foreach (var name in new[] { "Comment.Name", "Comment.Email", "Comment.Website", "Comment.Body", "Comment.SaveDetails" })
        {
            var field = form.QuerySelector($"[name='{name}']");
            Assert.NotNull(field);
            Assert.NotNull(page.QuerySelector($"label[for='{field!.Id}']"));
        }
        Assert.Equal("checkbox", form.QuerySelector("[name='Comment.SaveDetails']")!.GetAttribute("type"));
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        var notice = form.QuerySelector(".privacy-notice")!;
        Assert.Contains("spam", notice.Text(), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("/privacy", notice.QuerySelector("a")!.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_slugs_get_a_friendly_404_and_wrong_dates_redirect_to_the_canonical_url()
    {
        var article = await _data.ArticleAsync("Canonical");
        var client = app.CreateBrowserlessClient();

        using var missing = await client.GetAsync("/2020/01/no-such-article");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var page = await missing.ParseAsync();
        Assert.Equal("Page not found", page.QuerySelector("h1")!.Text());
        Assert.NotNull(page.QuerySelector("nav[aria-label=Categories]"));

        using var wrongDate = await client.GetAsync($"/1999/12/{article.Slug}");
        Assert.Equal(HttpStatusCode.MovedPermanently, wrongDate.StatusCode);
        Assert.Equal(ArticleLinks.Url(article.PublishedAt!.Value, article.Slug), wrongDate.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Hostile_markup_in_an_article_body_is_sanitized()
    {
        var article = await _data.ArticleAsync("Hostile", "Hello <script>alert(1)</script><img src=x onerror=alert(2)> <a href=\"javascript:alert(3)\">x</a>");

        var page = await app.CreateClient().GetDocumentAsync(ArticleLinks.Url(article.PublishedAt!.Value, article.Slug));

        var body = page.QuerySelector(".article-body")!;
        Assert.Empty(body.QuerySelectorAll("script"));
        Assert.Null(body.QuerySelector("img")?.GetAttribute("onerror"));
        Assert.DoesNotContain("javascript:", body.InnerHtml, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_warm_article_page_renders_in_a_handful_of_queries()
    {
        var article = await _data.ArticleAsync("Query budget", tags: ["Budget"]);
        await _data.ArticleAsync("Query budget follow-up", tags: ["Budget"]);
        await _data.CommentAsync(article);
        var client = app.CreateClient();
        var url = ArticleLinks.Url(article.PublishedAt!.Value, article.Slug);
        await client.GetDocumentAsync(url); // warms settings, categories and the sidebar
        // Drop only the cached page, so the next request renders it again with warm in-memory caches.
        await app.Services.GetRequiredService<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>()
            .EvictByTagAsync(Byline.Web.Infrastructure.Web.PublicPageCache.Tag, default);

        var before = app.Queries.Count;
        await client.GetDocumentAsync(url);
        var queries = app.Queries.Count - before;
        Assert.InRange(queries, 1, 4);

        // And once rendered, the next reader gets it from the output cache.
        before = app.Queries.Count;
        await client.GetDocumentAsync(url);
        Assert.Equal(0, app.Queries.Count - before);
    }
}

using Byline.IntegrationTests.Infrastructure;

namespace Byline.IntegrationTests.Home;

public sealed class ListingTests
{
    [Fact]
    public async Task Home_lists_the_latest_articles_in_pages_with_prev_and_next_links()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var category = await data.CategoryAsync("Local");
        var author = await data.AuthorAsync();
        for (var i = 1; i <= 12; i++)
        {
            await data.ArticleAsync($"Story {i:D2}", category: category, author: author, age: TimeSpan.FromHours(100 - i));
        }
        var client = app.CreateClient();

        var first = await client.GetDocumentAsync("/");
        Assert.Equal(10, first.QuerySelectorAll(".article-list .card").Length);
        Assert.Equal("Story 12", first.QuerySelector(".card h2")!.Text());
        Assert.Equal("/?page=2", first.QuerySelector(".pager a[rel=next]")!.GetAttribute("href"));
        Assert.Null(first.QuerySelector(".pager a[rel=prev]"));

        var second = await client.GetDocumentAsync("/?page=2");
        Assert.Equal(["Story 02", "Story 01"], second.QuerySelectorAll(".card h2").Select(h => h.Text()));
        Assert.Equal("/", second.QuerySelector(".pager a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal("No Comments", second.QuerySelector(".card .meta a[href$='#comments']")!.Text());
    }

    [Fact]
    public async Task Category_pages_include_subcategories_and_show_the_trail_tag_and_author_pages_filter()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var world = await data.CategoryAsync("World");
        var asia = await data.CategoryAsync("Asia", world.Id);
        var sport = await data.CategoryAsync("Sport");
        var writer = await data.AuthorAsync("Lin Chen");
        await data.ArticleAsync("Summit in Bangkok", category: asia, author: writer, tags: ["Climate"]);
        await data.ArticleAsync("Global markets", category: world, tags: ["Economy"]);
        await data.ArticleAsync("Cup final", category: sport, tags: ["Climate"]);
        var client = app.CreateClient();

        var worldPage = await client.GetDocumentAsync($"/category/{world.Slug}");
        Assert.Equal(["Global markets", "Summit in Bangkok"], worldPage.QuerySelectorAll(".card h2").Select(h => h.Text()).Order());
        Assert.Equal("Asia", worldPage.QuerySelector(".subcategories a")!.Text());
        Assert.Equal("true", worldPage.QuerySelector($"nav[aria-label=Categories] a[href='/category/{world.Slug}']")!.GetAttribute("aria-current"));

        var asiaPage = await client.GetDocumentAsync($"/category/{asia.Slug}");
        Assert.Equal(["Summit in Bangkok"], asiaPage.QuerySelectorAll(".card h2").Select(h => h.Text()));
        Assert.Equal(["Home", "World", "Asia"], asiaPage.QuerySelectorAll("nav[aria-label=Breadcrumb] a").Select(a => a.Text()));

        var tagPage = await client.GetDocumentAsync("/tag/climate");
        Assert.Equal(["Cup final", "Summit in Bangkok"], tagPage.QuerySelectorAll(".card h2").Select(h => h.Text()).Order());

        var authorPage = await client.GetDocumentAsync($"/author/{writer.Slug}");
        Assert.Equal("Lin Chen", authorPage.QuerySelector("h1")!.Text());
        var person = authorPage.QuerySelectorAll("script[type='application/ld+json']")
            .Select(s => System.Text.Json.JsonDocument.Parse(s.TextContent).RootElement)
            .Single(j => j.GetProperty("@type").GetString() == "Person");
        Assert.Equal("Lin Chen", person.GetProperty("name").GetString());
        Assert.Equal($"http://localhost/author/{writer.Slug}", person.GetProperty("url").GetString());
        Assert.Equal(["Summit in Bangkok"], authorPage.QuerySelectorAll(".card h2").Select(h => h.Text()));
    }

    [Fact]
    public async Task Privacy_page_explains_commenter_data()
    {
        await using var app = new BylineAppFactory();

        var page = await app.CreateClient().GetDocumentAsync("/privacy");

        var comments = page.QuerySelector("#comments")!;
        Assert.Equal("Comments", comments.Text());
        Assert.Contains("IP address", page.QuerySelector("article")!.Text(), StringComparison.Ordinal);
        Assert.Contains("byline_commenter", page.QuerySelector("article")!.Text(), StringComparison.Ordinal);
    }
}

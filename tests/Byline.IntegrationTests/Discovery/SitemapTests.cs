using System.Xml.Linq;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Discovery;

public sealed class SitemapTests
{
    private static readonly XNamespace Sm = "http://www.sitemaps.org/schemas/sitemap/0.9";

    [Fact]
    public async Task Robots_points_at_a_sitemap_index_whose_sitemaps_list_only_published_content()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var world = await data.CategoryAsync("World");
        var asia = await data.CategoryAsync("Asia", world.Id);
        var empty = await data.CategoryAsync("Empty");
        var writer = await data.AuthorAsync("Lin Chen");
        var published = await data.ArticleAsync("Summit", category: asia, author: writer, tags: ["Climate"]);
        var draft = await data.ArticleAsync("Secret draft", category: asia, tags: ["Unreleased"]);
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == draft.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, ArticleStatus.Draft)));
        var client = app.CreateClient();

        var robots = await client.GetStringAsync("/robots.txt");
        Assert.Contains("Sitemap: http://localhost/sitemap.xml", robots, StringComparison.Ordinal);

        var index = XDocument.Parse(await client.GetStringAsync("/sitemap.xml"));
        var sitemaps = index.Root!.Elements(Sm + "sitemap").Select(s => s.Element(Sm + "loc")!.Value).ToList();
        Assert.Equal(["/sitemaps/articles-1.xml", "/sitemaps/pages.xml", "/sitemaps/categories.xml", "/sitemaps/tags.xml", "/sitemaps/authors.xml"],
            sitemaps.Select(s => new Uri(s).AbsolutePath));

        async Task<List<string>> Locs(string path) =>
            [.. XDocument.Parse(await client.GetStringAsync(path)).Root!.Elements(Sm + "url").Select(u => u.Element(Sm + "loc")!.Value)];

        var articleUrls = await Locs("/sitemaps/articles-1.xml");
        Assert.Equal([$"http://localhost{ArticleLinks.Url(published.PublishedAt!.Value, published.Slug)}"], articleUrls);
        var categories = await Locs("/sitemaps/categories.xml");
        Assert.Equal(new[] { $"http://localhost/category/{world.Slug}", $"http://localhost/category/{asia.Slug}" }.Order(), categories.Order());
        Assert.DoesNotContain(categories, c => c.EndsWith(empty.Slug, StringComparison.Ordinal));
        Assert.Equal(["http://localhost/tag/climate"], await Locs("/sitemaps/tags.xml"));
        Assert.Contains($"http://localhost/author/{writer.Slug}", await Locs("/sitemaps/authors.xml"));
        var article = XDocument.Parse(await client.GetStringAsync("/sitemaps/articles-1.xml")).Root!.Element(Sm + "url")!;
        Assert.True(DateTimeOffset.TryParse(article.Element(Sm + "lastmod")!.Value, out _));
        using var beyond = await client.GetAsync("/sitemaps/articles-2.xml");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, beyond.StatusCode);
    }
}

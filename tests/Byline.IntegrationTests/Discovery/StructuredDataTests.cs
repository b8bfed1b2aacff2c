using System.Text.Json;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Comments;

namespace Byline.IntegrationTests.Discovery;

public sealed class StructuredDataTests
{
    [Fact]
    public async Task The_article_page_has_a_canonical_url_open_graph_and_a_valid_news_article_with_its_comments()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var category = await data.CategoryAsync("World");
        var author = await data.AuthorAsync("Maya Okafor");
        var article = await data.ArticleAsync("Mission </script><script>alert(1)</script> Bangkok", "Body.", category, author, ["Climate"]);
        var approved = await data.CommentAsync(article, "elijah", body: "Great analysis");
        await data.CommentAsync(article, "hidden", status: CommentStatus.Pending, body: "Not public");
        var url = ArticleLinks.Url(article.PublishedAt!.Value, article.Slug);

        var page = await app.CreateClient().GetDocumentAsync($"{url}?replytocom={approved.Id}&utm_source=x");

        Assert.Equal($"http://localhost{url}", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal("article", page.QuerySelector("meta[property='og:type']")!.GetAttribute("content"));
        Assert.Equal($"http://localhost{url}", page.QuerySelector("meta[property='og:url']")!.GetAttribute("content"));
        Assert.NotNull(page.QuerySelector("meta[property='article:published_time']"));
        Assert.Equal("Climate", page.QuerySelector("meta[property='article:tag']")!.GetAttribute("content"));

        var scripts = page.QuerySelectorAll("script[type='application/ld+json']").Select(s => JsonDocument.Parse(s.TextContent).RootElement).ToList();
        var news = scripts.Single(j => j.GetProperty("@type").GetString() == "NewsArticle");
        foreach (var required in new[] { "headline", "datePublished", "dateModified", "author", "publisher", "mainEntityOfPage" })
        {
            Assert.True(news.TryGetProperty(required, out _), $"NewsArticle lacks {required}");
        }
        Assert.Equal(article.Title, news.GetProperty("headline").GetString());
        Assert.Equal("Person", news.GetProperty("author").GetProperty("@type").GetString());
        Assert.Equal("Maya Okafor", news.GetProperty("author").GetProperty("name").GetString());
        Assert.Equal("Organization", news.GetProperty("publisher").GetProperty("@type").GetString());
        Assert.StartsWith("http://localhost/", news.GetProperty("publisher").GetProperty("logo").GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, news.GetProperty("commentCount").GetInt32());
        var comment = Assert.Single(news.GetProperty("comment").EnumerateArray());
        Assert.Equal("Comment", comment.GetProperty("@type").GetString());
        Assert.Equal("Great analysis", comment.GetProperty("text").GetString());
        // The hostile title did not escape the JSON-LD script element.
        Assert.Empty(page.QuerySelectorAll("script:not([type='application/ld+json'])"));

        var home = await app.CreateClient().GetDocumentAsync("/?page=1&utm=1");
        Assert.Equal("http://localhost/", home.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal("website", home.QuerySelector("meta[property='og:type']")!.GetAttribute("content"));
    }
}

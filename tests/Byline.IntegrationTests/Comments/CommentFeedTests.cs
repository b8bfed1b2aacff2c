using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Comments;

namespace Byline.IntegrationTests.Comments;

public sealed class CommentFeedTests
{
    [Fact]
    public async Task Site_and_article_comment_feeds_list_approved_comments_newest_first_and_parse_as_rss()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var bangkok = await data.ArticleAsync("Mission Bangkok");
        var trams = await data.ArticleAsync("Tram opening");
        var older = await data.CommentAsync(bangkok, "elijah", body: "First thoughts <b>bold</b>", age: TimeSpan.FromHours(2));
        await data.CommentAsync(trams, "maria", age: TimeSpan.FromHours(1));
        await data.CommentAsync(bangkok, "hidden", status: CommentStatus.Pending);
        await data.CommentAsync(bangkok, "spammer", status: CommentStatus.Spam);
        var client = app.CreateClient();

        using var siteResponse = await client.GetAsync("/comments/feed");
        Assert.Equal("application/rss+xml", siteResponse.Content.Headers.ContentType!.MediaType);
        var site = SyndicationFeed.Load(XmlReader.Create(await siteResponse.Content.ReadAsStreamAsync()));
        Assert.Equal(["maria on Tram opening", "elijah on Mission Bangkok"], site.Items.Select(i => i.Title.Text));

        var articleUrl = ArticleLinks.Url(bangkok.PublishedAt!.Value, bangkok.Slug);
        using var articleResponse = await client.GetAsync(CommentFeeds.ArticleFeedUrl(articleUrl));
        var article = SyndicationFeed.Load(XmlReader.Create(await articleResponse.Content.ReadAsStreamAsync()));
        var item = Assert.Single(article.Items);
        Assert.Equal($"http://localhost{articleUrl}#comment-{older.Id}", item.Links[0].Uri.ToString());
        Assert.Equal($"http://localhost/?comment={older.Id}", item.Id);
        Assert.Contains("&lt;b&gt;", ((TextSyndicationContent)item.Summary).Text, StringComparison.Ordinal);

        var page = await client.GetDocumentAsync(articleUrl);
        Assert.Equal(CommentFeeds.ArticleFeedUrl(articleUrl),
            page.QuerySelector("link[rel=alternate][type='application/rss+xml'][title^='Comments on “']")!.GetAttribute("href"));

        using var missing = await client.GetAsync("/2020/01/no-such-article/comments/feed");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}

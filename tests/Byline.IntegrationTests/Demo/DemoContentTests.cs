using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Comments;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Demo;

public sealed class DemoContentTests
{
    [Fact]
    public async Task An_empty_site_is_seeded_with_a_newsroom_a_visitor_can_click_through()
    {
        await using var app = new BylineAppFactory { DemoContent = true };
        var client = app.CreateClient();

        var home = await client.GetDocumentAsync("/");
        Assert.Equal("The Byline Times", home.QuerySelector(".site-title")!.Text());
        Assert.Equal(10, home.QuerySelectorAll(".article-list .card").Length);
        Assert.True(home.QuerySelectorAll("nav[aria-label=Categories] a").Length >= 5);
        Assert.Equal(5, home.QuerySelectorAll(".popular .configured li").Length);
        Assert.Equal(5, home.QuerySelectorAll(".recent-comments li").Length);

        var counts = await app.WithDbAsync(async db => new
        {
            Articles = await db.Articles.CountAsync(a => a.Status == ArticleStatus.Published),
            Authors = await db.Authors.CountAsync(),
            Categories = await db.Categories.CountAsync(),
            Pending = await db.Comments.CountAsync(c => c.Status == CommentStatus.Pending),
            Replies = await db.Comments.CountAsync(c => c.ParentId != null),
        });
        Assert.Equal(40, counts.Articles);
        Assert.Equal(3, counts.Authors);
        Assert.True(counts.Categories >= 5);
        Assert.True(counts.Pending > 0);
        Assert.True(counts.Replies > 0);

        // The flagship mirrors the seed page: a long analysis with a blockquote, related articles, exactly 4 approved comments.
        var flagshipUrl = await app.WithDbAsync(db => db.Articles.Where(a => a.Slug == "mission-bangkok")
            .Select(a => a.PublishedAt!.Value).SingleAsync());
        var flagship = await client.GetDocumentAsync(ArticleLinks.Url(flagshipUrl, "mission-bangkok"));
        Assert.StartsWith("Mission Bangkok", flagship.QuerySelector("article h1")!.Text(), StringComparison.Ordinal);
        Assert.NotNull(flagship.QuerySelector(".article-body blockquote"));
        Assert.Equal("4 Comments", flagship.QuerySelector("h2.comment-count")!.Text());
        Assert.InRange(flagship.QuerySelectorAll(".related-list li").Length, 3, 6);
        Assert.Contains("elijah", flagship.QuerySelectorAll(".comment-author").Select(a => a.Text()));
        Assert.True(flagship.QuerySelector(".article-body")!.Text().Split(' ').Length > 1000);
    }
}

using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Comments;

public sealed class CommentPagingTests
{
    [Fact]
    public async Task Long_threads_are_paged_by_top_level_comment_oldest_or_newest_first()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var article = await data.ArticleAsync("Busy thread");
        var url = ArticleLinks.Url(article.PublishedAt!.Value, article.Slug);
        var roots = new List<int>();
        for (var i = 1; i <= 5; i++)
        {
            roots.Add((await data.CommentAsync(article, $"c{i}", age: TimeSpan.FromHours(10 - i))).Id);
        }
        var reply = await data.CommentAsync(article, "reply-to-c1", parentId: roots[0], age: TimeSpan.FromMinutes(1));
        await app.WithDbAsync(db => db.SiteSettings.ExecuteUpdateAsync(u => u.SetProperty(s => s.CommentsPerPage, 2)));
        app.Services.GetRequiredService<SiteSettingsProvider>().Invalidate();
        var client = app.CreateClient();

        var first = await client.GetDocumentAsync(url);
        Assert.Equal(["c1", "reply-to-c1", "c2"], first.QuerySelectorAll(".comment-author").Select(a => a.Text()));
        Assert.Equal("6 Comments", first.QuerySelector("h2.comment-count")!.Text());
        Assert.Equal($"{url}?cpage=2#comments", first.QuerySelector(".comments-pager a[rel=next]")!.GetAttribute("href"));
        var last = await client.GetDocumentAsync($"{url}?cpage=3");
        Assert.Equal(["c5"], last.QuerySelectorAll(".comment-author").Select(a => a.Text()));
        using (var past = await client.GetAsync($"{url}?cpage=4"))
        {
            Assert.Equal(HttpStatusCode.NotFound, past.StatusCode);
        }
        using (var junk = await client.GetAsync($"{url}?cpage=abc"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
        }

        // A new top-level comment lands on the last page, and the redirect goes there.
        using var posted = await app.CreateBrowserlessClient().PostCommentAsync(url, Html.CommentFields("c6", "c6@example.org", "Late to the party"));
        Assert.StartsWith($"{url}?cpage=3#comment-", posted.Headers.Location!.OriginalString, StringComparison.Ordinal);

        await app.WithDbAsync(db => db.SiteSettings.ExecuteUpdateAsync(u => u.SetProperty(s => s.CommentOrder, CommentOrder.NewestFirst)));
        app.Services.GetRequiredService<SiteSettingsProvider>().Invalidate();
        var newest = await client.GetDocumentAsync(url);
        Assert.Equal(["c5", "c4"], newest.QuerySelectorAll(".comment-list > li > article .comment-author").Select(a => a.Text()));
        Assert.NotNull((await client.GetDocumentAsync($"{url}?cpage=3")).QuerySelector($"#comment-{reply.Id}"));
    }
}

using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Comments;

namespace Byline.IntegrationTests.Popular;

public sealed class RecentCommentsTests
{
    [Fact]
    public async Task Recent_comments_show_the_newest_approved_first_as_author_on_title_linking_to_the_comment()
    {
        await using var app = new BylineAppFactory();
        var data = new TestData(app);
        var bangkok = await data.ArticleAsync("Mission Bangkok");
        var trams = await data.ArticleAsync("Tram opening");
        await data.CommentAsync(bangkok, "oldest", age: TimeSpan.FromHours(5));
        var newest = await data.CommentAsync(bangkok, "elijah", age: TimeSpan.FromMinutes(1));
        await data.CommentAsync(trams, "middle", age: TimeSpan.FromHours(1));
        await data.CommentAsync(trams, "hidden", status: CommentStatus.Pending, age: TimeSpan.FromSeconds(1));
        await data.CommentAsync(trams, "spammer", status: CommentStatus.Spam, age: TimeSpan.FromSeconds(1));

        var page = await app.CreateClient().GetDocumentAsync("/");

        var items = page.QuerySelectorAll(".recent-comments li").ToList();
        Assert.Equal(["elijah on Mission Bangkok", "middle on Tram opening", "oldest on Mission Bangkok"], items.Select(li => li.Text()));
        Assert.Equal(ArticleLinks.CommentUrl(bangkok.PublishedAt!.Value, bangkok.Slug, newest.Id), items[0].QuerySelector("a")!.GetAttribute("href"));
    }
}

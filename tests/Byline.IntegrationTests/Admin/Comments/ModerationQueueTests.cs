using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Comments.Privacy;
using Byline.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Admin.Comments;

/// <summary>/admin/comments as an editor reads it: filters, counts, search, paging and what each row tells.</summary>
public sealed class ModerationQueueTests(BylineAppFactory app) : IClassFixture<BylineAppFactory>
{
    private readonly TestData _data = new(app);

    [Fact]
    public async Task Pending_comments_are_listed_newest_first_with_everything_a_moderator_needs()
    {
        var article = await _data.ArticleAsync("Queue rows");
        var older = await _data.CommentAsync(article, "Older", status: CommentStatus.Pending, age: TimeSpan.FromHours(2));
        await app.CreateClient().PostCommentAsync(Moderation.PublicUrl(article),
            Html.CommentFields("Ada Lindqvist", "ada-queue@example.org", "Is the **harbour** line funded?", website: "ada.example.net"));
        var posted = await app.WithDbAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.ArticleId == article.Id && c.AuthorName == "Ada Lindqvist"));
        var (editor, _) = await app.SignedInAsync(Roles.Editor);

        var queue = await editor.GetDocumentAsync($"/admin/comments?article={article.Id}");

        Assert.Equal([posted.Id, older.Id], queue.QuerySelectorAll("tr.comment-row").Select(r => int.Parse(r.Id!["comment-row-".Length..])));
        var row = queue.Row(posted.Id);
        Assert.Equal("Ada Lindqvist", row.QuerySelector(".author-name")!.Text());
        Assert.Equal("ada-queue@example.org", row.QuerySelector(".author-email")!.Text());
        Assert.Equal("https://ada.example.net/", row.QuerySelector(".author-website")!.GetAttribute("href"));
        Assert.Equal("IP: 127.0.0.1", row.QuerySelector(".author-ip")!.Text());
        Assert.Equal("harbour", row.QuerySelector(".comment-body strong")!.Text());
        Assert.Equal("Pipeline: held: first comment from this e-mail address", row.QuerySelector(".moderation-reason")!.Text());
        Assert.Equal("November 20, 2026, 9:30 AM", row.QuerySelector(".comment-meta time")!.Text());
        var articleLink = row.QuerySelector(".comment-article a")!;
        Assert.Equal("Queue rows", articleLink.Text());
        Assert.Equal($"{Moderation.PublicUrl(article)}#comment-{posted.Id}", articleLink.GetAttribute("href"));
        Assert.Equal("/admin/comments/commenter?email=ada-queue%40example.org", row.QuerySelector(".author-history")!.GetAttribute("href"));
        Assert.Equal(["approve", "spam", "trash"], row.QuerySelectorAll(".row-actions button").Select(b => b.GetAttribute("value")));
        Assert.Equal("Pending (2)", queue.QuerySelector(".status-filters a[aria-current=page]")!.Text());
        Assert.Equal("Comments on “Queue rows”", queue.QuerySelector("h1")!.Text());
    }

    [Fact]
    public async Task Status_links_count_each_folder_and_all_means_pending_and_approved()
    {
        var article = await _data.ArticleAsync("Folders");
        await _data.CommentAsync(article, "Waiting", status: CommentStatus.Pending);
        await _data.CommentAsync(article, "Fine", status: CommentStatus.Approved);
        await _data.CommentAsync(article, "Fine too", status: CommentStatus.Approved);
        await _data.CommentAsync(article, "Promo", status: CommentStatus.Spam);
        await _data.CommentAsync(article, "Binned", status: CommentStatus.Trash);
        var (editor, _) = await app.SignedInAsync(Roles.Administrator);

        var links = (await editor.GetDocumentAsync($"/admin/comments?article={article.Id}")).QuerySelectorAll(".status-filters a").Select(a => a.Text());
        Assert.Equal(["Pending (1)", "Approved (2)", "Spam (1)", "Trash (1)", "All (3)"], links);

        async Task<string[]> Names(string status) =>
            [.. (await editor.GetDocumentAsync(Moderation.QueueOf(article, status))).QuerySelectorAll(".author-name").Select(n => n.Text()).Order()];
        Assert.Equal(["Fine", "Fine too"], await Names("approved"));
        Assert.Equal(["Promo"], await Names("spam"));
        Assert.Equal(["Binned"], await Names("trash"));
        Assert.Equal(["Fine", "Fine too", "Waiting"], await Names("all"));
    }

    [Fact]
    public async Task Search_finds_name_email_website_and_text_in_any_case()
    {
        var article = await _data.ArticleAsync("Searching");
        var byName = await _data.CommentAsync(article, "Zebulon Quist", status: CommentStatus.Pending);
        var byEmail = await _data.CommentAsync(article, "Mail", email: "zq-mail@example.org", status: CommentStatus.Pending);
        var byBody = await _data.CommentAsync(article, "Body", body: "The ZEBULON bridge is late.", status: CommentStatus.Pending);
        var other = await _data.CommentAsync(article, "Unrelated", status: CommentStatus.Pending);
        await app.WithDbAsync(db => db.Comments.Where(c => c.Id == other.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.AuthorUrl, "https://quiet.example.com/")));
        var (editor, _) = await app.SignedInAsync(Roles.Editor);

        async Task<int[]> Found(string q) =>
            [.. (await editor.GetDocumentAsync($"/admin/comments?article={article.Id}&q={Uri.EscapeDataString(q)}"))
                .QuerySelectorAll("tr.comment-row").Select(r => int.Parse(r.Id!["comment-row-".Length..])).Order()];

        Assert.Equal(new[] { byName.Id, byBody.Id }.Order(), await Found("zebulon"));
        Assert.Equal([byEmail.Id], await Found("ZQ-MAIL@"));
        Assert.Equal([other.Id], await Found("quiet.example"));
        Assert.Empty(await Found("nothing like this"));
        var page = await editor.GetDocumentAsync($"/admin/comments?article={article.Id}&q=zebulon");
        Assert.Equal("zebulon", page.QuerySelector("input[name=q]")!.GetAttribute("value"));
        Assert.Equal($"/admin/comments?status=spam&q=zebulon&article={article.Id}",
            page.QuerySelectorAll(".status-filters a").Single(a => a.Text().StartsWith("Spam", StringComparison.Ordinal)).GetAttribute("href"));
    }

    [Fact]
    public async Task Fifty_comments_fill_a_page_and_the_rest_are_on_the_next()
    {
        var article = await _data.ArticleAsync("Busy thread");
        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < 51; i++)
            {
                db.Comments.Add(new Comment
                {
                    ArticleId = article.Id, AuthorName = $"Reader {i:D2}", AuthorEmail = $"reader{i}@example.org", Body = "Hi",
                    Status = CommentStatus.Pending, CreatedAt = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-i),
                });
            }
            await db.SaveChangesAsync();
        });
        var (editor, _) = await app.SignedInAsync(Roles.Editor);

        var first = await editor.GetDocumentAsync($"/admin/comments?article={article.Id}");
        Assert.Equal(50, first.QuerySelectorAll("tr.comment-row").Length);
        Assert.Equal("Reader 00", first.QuerySelector(".author-name")!.Text());
        Assert.Equal($"/admin/comments?article={article.Id}&page=2", first.QuerySelector(".pager a[rel=next]")!.GetAttribute("href"));
        var second = await editor.GetDocumentAsync($"/admin/comments?article={article.Id}&page=2");
        Assert.Equal(["Reader 50"], second.QuerySelectorAll(".author-name").Select(n => n.Text()));
        Assert.Equal("Page 2 of 2", second.QuerySelector(".pager span")!.Text());
    }

    [Theory]
    [InlineData("/admin/comments?page=0", HttpStatusCode.BadRequest)]
    [InlineData("/admin/comments?page=abc", HttpStatusCode.BadRequest)]
    [InlineData("/admin/comments?page=-1", HttpStatusCode.BadRequest)]
    [InlineData("/admin/comments?status=deleted", HttpStatusCode.BadRequest)]
    [InlineData("/admin/comments?article=x", HttpStatusCode.BadRequest)]
    [InlineData("/admin/comments?article=999999", HttpStatusCode.NotFound)]
    [InlineData("/admin/comments/999999/edit", HttpStatusCode.NotFound)]
    [InlineData("/admin/comments/commenter?email=a@example.org&page=0", HttpStatusCode.BadRequest)]
    public async Task Bad_filters_and_missing_things_get_proper_status_codes(string url, HttpStatusCode expected)
    {
        var (editor, _) = await app.SignedInAsync(Roles.Editor);
        using var response = await editor.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task An_anonymised_address_shows_as_hashed()
    {
        var article = await _data.ArticleAsync("Hashed");
        var old = await _data.CommentAsync(article, "Old", status: CommentStatus.Approved);
        await app.WithDbAsync(db => db.Comments.Where(c => c.Id == old.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.IpAddress, IpAddressHasher.Prefix + new string('a', 40))));
        var (editor, _) = await app.SignedInAsync(Roles.Editor);

        var row = (await editor.GetDocumentAsync(Moderation.QueueOf(article, "approved"))).Row(old.Id);

        Assert.Equal("IP: hashed", row.QuerySelector(".author-ip")!.Text());
        Assert.DoesNotContain("aaaa", row.TextContent, StringComparison.Ordinal);
    }
}

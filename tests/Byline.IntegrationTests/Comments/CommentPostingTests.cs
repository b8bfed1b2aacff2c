using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Comments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Comments;

public sealed class CommentPostingTests(BylineAppFactory app) : IClassFixture<BylineAppFactory>
{
    private readonly TestData _data = new(app);

    private static string UrlOf(Article article) => ArticleLinks.Url(article.PublishedAt!.Value, article.Slug);

    private Task<List<Comment>> CommentsOf(Article article) =>
        app.WithDbAsync(db => db.Comments.AsNoTracking().Where(c => c.ArticleId == article.Id).ToListAsync());

    [Fact]
    public async Task A_new_comment_is_pending_and_shown_awaiting_moderation_only_to_its_author()
    {
        var article = await _data.ArticleAsync("Pending comments");
        var visitor = app.CreateBrowserlessClient();

        using var posted = await visitor.PostCommentAsync(UrlOf(article),
            Html.CommentFields("Nadia", "nadia-first@example.org", "First time here."));

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var stored = Assert.Single(await CommentsOf(article));
        Assert.Equal(CommentStatus.Pending, stored.Status);
        Assert.Equal($"{UrlOf(article)}#comment-{stored.Id}", posted.Headers.Location!.OriginalString);
        Assert.NotNull(stored.ModerationReason);

        var ownView = await visitor.GetDocumentAsync(UrlOf(article));
        var own = ownView.QuerySelector($"#comment-{stored.Id}")!;
        Assert.Contains("awaiting moderation", own.QuerySelector(".awaiting-moderation")!.Text(), StringComparison.Ordinal);
        Assert.Equal("No Comments", ownView.QuerySelector("h2.comment-count")!.Text());

        var otherView = await app.CreateClient().GetDocumentAsync(UrlOf(article));
        Assert.Null(otherView.QuerySelector($"#comment-{stored.Id}"));
        Assert.DoesNotContain("First time here.", otherView.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approved_comment_appears_for_everyone_and_updates_counts_and_recent_comments()
    {
        var article = await _data.ArticleAsync("Approval flow");
        var visitor = app.CreateClient();
        await visitor.PostCommentAsync(UrlOf(article), Html.CommentFields("Olu", "olu-approval@example.org", "Please approve me."));
        var stored = Assert.Single(await CommentsOf(article));
        var reader = app.CreateClient();
        await reader.GetDocumentAsync(UrlOf(article)); // the sidebar is now cached without the comment

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<CommentService>().SetStatusAsync(stored.Id, CommentStatus.Approved, default));
        }

        var page = await reader.GetDocumentAsync(UrlOf(article));
        Assert.Equal("1 Comment", page.QuerySelector("h2.comment-count")!.Text());
        Assert.Equal("Please approve me.", page.QuerySelector($"#comment-{stored.Id} .comment-body")!.Text());
        var recent = page.QuerySelectorAll(".recent-comments li").Select(li => li.Text()).ToList();
        Assert.Contains("Olu on Approval flow", recent);
    }

    [Fact]
    public async Task A_returning_commenter_with_an_approved_comment_is_approved_at_once()
    {
        var earlier = await _data.ArticleAsync("Earlier story");
        await _data.CommentAsync(earlier, "Kofi", email: "kofi-returning@example.org");
        var article = await _data.ArticleAsync("Later story");

        await app.CreateClient().PostCommentAsync(UrlOf(article),
            Html.CommentFields("Kofi", "  Kofi-Returning@Example.org ", "Back again."));

        var stored = Assert.Single(await CommentsOf(article));
        Assert.Equal(CommentStatus.Approved, stored.Status);
        Assert.Contains("returning commenter", stored.ModerationReason, StringComparison.Ordinal);
        var page = await app.CreateClient().GetDocumentAsync(UrlOf(article));
        Assert.Equal("1 Comment", page.QuerySelector("h2.comment-count")!.Text());
    }

    [Fact]
    public async Task A_pending_commenter_is_not_trusted_yet()
    {
        var earlier = await _data.ArticleAsync("Held story");
        await _data.CommentAsync(earlier, "Pat", email: "pat-pending@example.org", status: CommentStatus.Pending);
        var article = await _data.ArticleAsync("Held again");

        await app.CreateClient().PostCommentAsync(UrlOf(article), Html.CommentFields("Pat", "pat-pending@example.org", "Again."));

        Assert.Equal(CommentStatus.Pending, Assert.Single(await CommentsOf(article)).Status);
    }

    [Fact]
    public async Task A_reply_link_prefills_the_parent_and_the_reply_is_threaded()
    {
        var article = await _data.ArticleAsync("Replies");
        var parent = await _data.CommentAsync(article, "Ife", email: "ife-replies@example.org");
        var client = app.CreateClient();

        var form = await client.GetDocumentAsync($"{UrlOf(article)}?replytocom={parent.Id}");
        Assert.Equal(parent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            form.QuerySelector("input[name='Comment.ParentId']")!.GetAttribute("value"));
        Assert.Equal("Reply to Ife", form.QuerySelector("#reply-title")!.Text());

        var fields = Html.CommentFields("Ife", "ife-replies@example.org", "Answering myself.");
        fields["Comment.ParentId"] = parent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await client.PostCommentAsync(UrlOf(article), fields);

        var reply = (await CommentsOf(article)).Single(c => c.Id != parent.Id);
        Assert.Equal(parent.Id, reply.ParentId);
        var page = await app.CreateClient().GetDocumentAsync(UrlOf(article));
        Assert.NotNull(page.QuerySelector($"#comment-{parent.Id} > ol.children > #comment-{reply.Id}"));
    }

    [Fact]
    public async Task Saved_details_prefill_the_form_next_time_only_with_consent()
    {
        var article = await _data.ArticleAsync("Remember me");
        var consenting = app.CreateClient();
        await consenting.PostCommentAsync(UrlOf(article), Html.CommentFields("Mo", "mo-saved@example.org", "Hi", "example.org/mo", save: true));
        var withConsent = await consenting.GetDocumentAsync(UrlOf(article));
        Assert.Equal("Mo", withConsent.QuerySelector("input[name='Comment.Name']")!.GetAttribute("value"));
        Assert.Equal("mo-saved@example.org", withConsent.QuerySelector("input[name='Comment.Email']")!.GetAttribute("value"));
        Assert.Equal("https://example.org/mo", withConsent.QuerySelector("input[name='Comment.Website']")!.GetAttribute("value"));

        var declining = app.CreateClient();
        await declining.PostCommentAsync(UrlOf(article), Html.CommentFields("Jo", "jo-nosave@example.org", "Hi"));
        var withoutConsent = await declining.GetDocumentAsync(UrlOf(article));
        Assert.True(string.IsNullOrEmpty(withoutConsent.QuerySelector("input[name='Comment.Name']")!.GetAttribute("value")));
    }

    [Fact]
    public async Task Closed_comments_refuse_posts()
    {
        var article = await _data.ArticleAsync("Closed", commentsOpen: false);
        var client = app.CreateClient();
        var page = await client.GetDocumentAsync(UrlOf(article));
        Assert.Null(page.QuerySelector("form.comment-form"));
        Assert.Equal("Comments are closed.", page.QuerySelector(".comments-closed")!.Text());

        // The form is gone, but a crafted post with a valid token from another article is refused too.
        var open = await _data.ArticleAsync("Open for tokens");
        var token = (await client.GetDocumentAsync(UrlOf(open))).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var fields = Html.CommentFields("Sneaky", "sneaky@example.org", "Let me in.");
        fields["__RequestVerificationToken"] = token;
        using var response = await client.PostAsync(UrlOf(article), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Comments are closed", (await response.ParseAsync()).QuerySelector(".form-errors, .comments-closed")!.Text(), StringComparison.Ordinal);
        Assert.Empty(await CommentsOf(article));
    }
}

using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Admin.Comments;

/// <summary>Row and bulk actions: each changes the comment, the public page follows, and the audit log records it.</summary>
public sealed class ModerationActionTests(BylineAppFactory app) : IClassFixture<BylineAppFactory>
{
    private readonly TestData _data = new(app);

    private Task<CommentStatus?> StatusOf(int id) =>
        app.WithDbAsync(db => db.Comments.Where(c => c.Id == id).Select(c => (CommentStatus?)c.Status).SingleOrDefaultAsync());

    [Fact]
    public async Task Approving_a_visitors_comment_publishes_it_updates_the_count_and_refreshes_recent_comments()
    {
        var article = await _data.ArticleAsync("Approve me");
        var url = Moderation.PublicUrl(article);
        await app.CreateClient().PostCommentAsync(url, Html.CommentFields("Ada", "ada-approve@example.org", "Held for a human."));
        var id = await app.WithDbAsync(db => db.Comments.Where(c => c.ArticleId == article.Id).Select(c => c.Id).SingleAsync());
        var reader = app.CreateClient();
        var before = await reader.GetDocumentAsync(url); // caches the sidebar without the comment
        Assert.Equal("No Comments", before.QuerySelector("h2.comment-count")!.Text());
        var (editor, _) = await app.SignedInAsync(Roles.Editor);

        using var approved = await editor.PressAsync(Moderation.QueueOf(article), id, "approve");

        Assert.Equal(Moderation.QueueOf(article), approved.Headers.Location!.OriginalString);
        Assert.Equal("Comment by Ada approved.", await editor.FollowAsync(approved));
        Assert.Equal(CommentStatus.Approved, await StatusOf(id));
        var after = await reader.GetDocumentAsync(url);
        Assert.Equal("1 Comment", after.QuerySelector("h2.comment-count")!.Text());
        Assert.Equal("Held for a human.", after.QuerySelector($"#comment-{id} .comment-body")!.Text());
        Assert.Contains("Ada on Approve me", after.QuerySelectorAll(".recent-comments li").Select(li => li.Text()));
        var entry = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).LastAsync(e => e.Action == "comment.approve"));
        Assert.Equal($"comment {id} by Ada on “Approve me”", entry.Subject);
        Assert.DoesNotContain("@", entry.Subject + entry.Details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CommentStatus.Pending, "approve", CommentStatus.Approved)]
    [InlineData(CommentStatus.Pending, "spam", CommentStatus.Spam)]
    [InlineData(CommentStatus.Pending, "trash", CommentStatus.Trash)]
    [InlineData(CommentStatus.Approved, "unapprove", CommentStatus.Pending)]
    [InlineData(CommentStatus.Approved, "spam", CommentStatus.Spam)]
    [InlineData(CommentStatus.Approved, "trash", CommentStatus.Trash)]
    [InlineData(CommentStatus.Spam, "not-spam", CommentStatus.Approved)]
    [InlineData(CommentStatus.Trash, "restore", CommentStatus.Pending)]
    public async Task Every_row_action_moves_the_comment_and_the_public_page_follows(CommentStatus from, string act, CommentStatus to)
    {
        var article = await _data.ArticleAsync($"Row action {act}");
        var comment = await _data.CommentAsync(article, "Row", status: from, body: $"Moved by {act}.");
        var (editor, _) = await app.SignedInAsync(Roles.Editor);
        var queue = Moderation.QueueOf(article, from.ToString().ToLowerInvariant());

        using var response = await editor.PressAsync(queue, comment.Id, act);

        Assert.Equal(queue, response.Headers.Location!.OriginalString);
        Assert.Equal(to, await StatusOf(comment.Id));
        var page = await app.CreateClient().GetDocumentAsync(Moderation.PublicUrl(article));
        Assert.Equal(to == CommentStatus.Approved ? "1 Comment" : "No Comments", page.QuerySelector("h2.comment-count")!.Text());
        Assert.Equal(to == CommentStatus.Approved, page.QuerySelector($"#comment-{comment.Id}") is not null);
        var moved = await editor.GetDocumentAsync(Moderation.QueueOf(article, to.ToString().ToLowerInvariant()));
        Assert.NotNull(moved.QuerySelector($"#comment-row-{comment.Id}"));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Subject == $"comment {comment.Id} by Row on “Row action {act}”")));
    }

    [Fact]
    public async Task Unapproving_takes_a_comment_out_of_recent_comments()
    {
        var article = await _data.ArticleAsync("Unapprove");
        var comment = await _data.CommentAsync(article, "Withdrawn", status: CommentStatus.Approved);
        var reader = app.CreateClient();
        Assert.Contains("Withdrawn on Unapprove", (await reader.GetDocumentAsync("/")).QuerySelectorAll(".recent-comments li").Select(li => li.Text()));
        var (editor, _) = await app.SignedInAsync(Roles.Editor);

        await editor.PressAsync(Moderation.QueueOf(article, "approved"), comment.Id, "unapprove");

        Assert.DoesNotContain("Withdrawn on Unapprove", (await reader.GetDocumentAsync("/")).QuerySelectorAll(".recent-comments li").Select(li => li.Text()));
    }

    [Fact]
    public async Task Deleting_permanently_works_only_from_spam_or_trash_and_moves_replies_up_to_the_grandparent()
    {
        var article = await _data.ArticleAsync("Delete for good");
        var root = await _data.CommentAsync(article, "Root", age: TimeSpan.FromHours(3));
        var middle = await _data.CommentAsync(article, "Middle", parentId: root.Id, age: TimeSpan.FromHours(2));
        var reply = await _data.CommentAsync(article, "Reply", parentId: middle.Id, age: TimeSpan.FromHours(1));
        var keep = await _data.CommentAsync(article, "Keep", status: CommentStatus.Approved);
        var (editor, _) = await app.SignedInAsync(Roles.Editor);

        // Approved comments offer no delete button; a forged request is refused and nothing is lost.
        Assert.Null((await editor.GetDocumentAsync(Moderation.QueueOf(article, "approved"))).Row(keep.Id).QuerySelector("button[value=delete]"));
        using var refused = await editor.BulkAsync(Moderation.QueueOf(article, "approved"), "delete", keep.Id);
        Assert.Equal("0 comments deleted permanently. 1 comment skipped: only spam or trashed comments can be deleted permanently.",
            await editor.FollowAsync(refused));
        Assert.Equal(CommentStatus.Approved, await StatusOf(keep.Id));

        await editor.PressAsync(Moderation.QueueOf(article, "approved"), middle.Id, "trash");
        using var deleted = await editor.PressAsync(Moderation.QueueOf(article, "trash"), middle.Id, "delete");

        Assert.Equal("Comment by Middle deleted permanently.", await editor.FollowAsync(deleted));
        Assert.Null(await StatusOf(middle.Id));
        var replyNow = await app.WithDbAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.Id == reply.Id));
        Assert.Equal(root.Id, replyNow.ParentId);
        var page = await app.CreateClient().GetDocumentAsync(Moderation.PublicUrl(article));
        Assert.NotNull(page.QuerySelector($"#comment-{root.Id} .children #comment-{reply.Id}"));
        Assert.Equal("3 Comments", page.QuerySelector("h2.comment-count")!.Text());
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "comment.delete" && e.Subject == $"comment {middle.Id} by Middle on “Delete for good”")));
    }

    [Fact]
    public async Task Deleting_a_top_level_comment_makes_its_replies_top_level()
    {
        var article = await _data.ArticleAsync("Orphans");
        var root = await _data.CommentAsync(article, "Spammer", status: CommentStatus.Spam, age: TimeSpan.FromHours(2));
        var reply = await _data.CommentAsync(article, "Answer", parentId: root.Id, age: TimeSpan.FromHours(1));
        var (editor, _) = await app.SignedInAsync(Roles.Editor);

        await editor.PressAsync(Moderation.QueueOf(article, "spam"), root.Id, "delete");

        Assert.Null(await StatusOf(root.Id));
        Assert.Null(await app.WithDbAsync(db => db.Comments.Where(c => c.Id == reply.Id).Select(c => c.ParentId).SingleAsync()));
        var page = await app.CreateClient().GetDocumentAsync(Moderation.PublicUrl(article));
        Assert.NotNull(page.QuerySelector($".comment-list > #comment-{reply.Id}"));
    }

    [Fact]
    public async Task Bulk_actions_apply_to_the_ticked_comments_only()
    {
        var article = await _data.ArticleAsync("Bulk");
        var first = await _data.CommentAsync(article, "First", status: CommentStatus.Pending);
        var second = await _data.CommentAsync(article, "Second", status: CommentStatus.Pending);
        var untouched = await _data.CommentAsync(article, "Untouched", status: CommentStatus.Pending);
        var (editor, _) = await app.SignedInAsync(Roles.Administrator);
        var queue = Moderation.QueueOf(article);

        using var approved = await editor.BulkAsync(queue, "approve", first.Id, second.Id);
        Assert.Equal("2 comments approved.", await editor.FollowAsync(approved));
        Assert.Equal(CommentStatus.Approved, await StatusOf(first.Id));
        Assert.Equal(CommentStatus.Approved, await StatusOf(second.Id));
        Assert.Equal(CommentStatus.Pending, await StatusOf(untouched.Id));
        Assert.Equal("2 Comments", (await app.CreateClient().GetDocumentAsync(Moderation.PublicUrl(article))).QuerySelector("h2.comment-count")!.Text());

        await editor.BulkAsync(Moderation.QueueOf(article, "all"), "spam", first.Id, untouched.Id);
        Assert.Equal(CommentStatus.Spam, await StatusOf(first.Id));
        Assert.Equal(CommentStatus.Spam, await StatusOf(untouched.Id));

        await editor.BulkAsync(Moderation.QueueOf(article, "spam"), "not-spam", untouched.Id);
        Assert.Equal(CommentStatus.Approved, await StatusOf(untouched.Id));

        await editor.BulkAsync(Moderation.QueueOf(article, "all"), "trash", second.Id, untouched.Id);
        using var deleted = await editor.BulkAsync(Moderation.QueueOf(article, "trash"), "delete", second.Id, untouched.Id);
        Assert.Equal("2 comments deleted permanently.", await editor.FollowAsync(deleted));
        Assert.Equal(1, await app.WithDbAsync(db => db.Comments.CountAsync(c => c.ArticleId == article.Id)));
        Assert.Equal(2, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "comment.delete" && e.Subject.EndsWith("on “Bulk”"))));
    }

    [Fact]
    public async Task Bulk_without_a_choice_or_a_selection_explains_and_an_unknown_action_is_refused()
    {
        var article = await _data.ArticleAsync("Bulk mistakes");
        var comment = await _data.CommentAsync(article, "Waiting", status: CommentStatus.Pending);
        var (editor, _) = await app.SignedInAsync(Roles.Editor);
        var queue = Moderation.QueueOf(article);

        using var noChoice = await editor.BulkAsync(queue, "", comment.Id);
        Assert.Equal("Choose a bulk action, then Apply.", await editor.FollowAsync(noChoice));
        using var noSelection = await editor.BulkAsync(queue, "approve");
        Assert.Equal("Select at least one comment.", await editor.FollowAsync(noSelection));
        using var unknown = await editor.BulkAsync(queue, "publish", comment.Id);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        using var unknownRow = await editor.SubmitFormAsync(queue, $"#comment-row-{comment.Id} .row-actions form",
            new Dictionary<string, string> { ["act"] = "explode" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownRow.StatusCode);
        Assert.Equal(CommentStatus.Pending, await StatusOf(comment.Id));
    }

    [Fact]
    public async Task The_queue_comes_back_to_the_same_search_and_page_after_an_action()
    {
        var article = await _data.ArticleAsync("Come back");
        var comment = await _data.CommentAsync(article, "Needle", status: CommentStatus.Pending);
        var (editor, _) = await app.SignedInAsync(Roles.Editor);
        var queue = $"/admin/comments?status=all&q=needle&article={article.Id}";

        using var response = await editor.PressAsync(queue, comment.Id, "approve");

        Assert.Equal(queue, response.Headers.Location!.OriginalString);
    }
}

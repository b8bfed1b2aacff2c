using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Admin.Comments;

/// <summary>A moderator edits a comment (limits kept, HTML inert) and answers one as staff.</summary>
public sealed class EditAndReplyTests(BylineAppFactory app) : IClassFixture<BylineAppFactory>
{
    private readonly TestData _data = new(app);

    private Task<Comment> Stored(int id) => app.WithDbAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.Id == id));

    [Fact]
    public async Task Editing_rerenders_the_comment_marks_it_edited_and_returns_to_the_queue()
    {
        var article = await _data.ArticleAsync("Edit me");
        var comment = await _data.CommentAsync(article, "Typo Name", status: CommentStatus.Approved, body: "Teh original.");
        var (editor, _) = await app.SignedInAsync(Roles.Editor);
        var queue = Moderation.QueueOf(article, "approved");
        var editUrl = (await editor.GetDocumentAsync(queue)).Row(comment.Id).QuerySelector(".row-actions a")!.GetAttribute("href")!;
        var form = await editor.GetDocumentAsync(editUrl);
        Assert.Equal("Typo Name", form.QuerySelector("input[name='Input.Name']")!.GetAttribute("value"));
        Assert.Equal("Teh original.", form.QuerySelector("textarea[name='Input.Body']")!.TextContent.Trim());
        app.Clock.Advance(TimeSpan.FromMinutes(10));

        using var saved = await editor.SubmitFormAsync(editUrl, "form.comment-edit", new Dictionary<string, string>
        {
            ["Input.Name"] = "  Right Name ",
            ["Input.Website"] = "right.example.org",
            ["Input.Body"] = "The **corrected** text.",
        });

        Assert.Equal(queue, saved.Headers.Location!.OriginalString);
        Assert.Equal("Comment by Right Name saved.", await editor.FollowAsync(saved));
        var stored = await Stored(comment.Id);
        Assert.Equal("Right Name", stored.AuthorName);
        Assert.Equal("https://right.example.org/", stored.AuthorUrl);
        Assert.Equal("The **corrected** text.", stored.Body);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, stored.EditedAt);
        Assert.Equal(CommentStatus.Approved, stored.Status);
        var page = await app.CreateClient().GetDocumentAsync(Moderation.PublicUrl(article));
        Assert.Equal("corrected", page.QuerySelector($"#comment-{comment.Id} .comment-body strong")!.Text());
        Assert.Equal("Right Name", page.QuerySelector($"#comment-{comment.Id} .comment-author")!.Text());
        Assert.Contains("Right Name on Edit me", page.QuerySelectorAll(".recent-comments li").Select(li => li.Text()));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "comment.edit" && e.Subject == $"comment {comment.Id} by Right Name on “Edit me”")));
    }

    [Fact]
    public async Task Hostile_html_typed_by_a_moderator_stays_inert_text()
    {
        var article = await _data.ArticleAsync("Hostile edit");
        var comment = await _data.CommentAsync(article, "Victim", status: CommentStatus.Approved);
        var (editor, _) = await app.SignedInAsync(Roles.Editor);
        const string hostile = "<script>alert(1)</script><img src=x onerror=alert(2)> [click](javascript:alert(3)) <b onclick=alert(4)>bold</b>";

        using var saved = await editor.SubmitFormAsync($"/admin/comments/{comment.Id}/edit", "form.comment-edit", new Dictionary<string, string>
        {
            ["Input.Name"] = "<i>Name</i>\"><script>alert(5)</script>",
            ["Input.Body"] = hostile,
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        foreach (var (client, url, selector) in new[]
                 {
                     (app.CreateClient(), Moderation.PublicUrl(article), $"#comment-{comment.Id}"),
                     (editor, Moderation.QueueOf(article, "approved"), $"#comment-row-{comment.Id}"),
                 })
        {
            var page = await client.GetDocumentAsync(url);
            var element = page.QuerySelector(selector)!;
            Assert.Empty(element.QuerySelectorAll("script, img, i, b, [onerror], [onclick]"));
            Assert.DoesNotContain(element.QuerySelectorAll("a"), a => a.GetAttribute("href")?.StartsWith("javascript", StringComparison.OrdinalIgnoreCase) == true);
            Assert.Contains("<script>alert(1)</script>", element.QuerySelector(".comment-body")!.TextContent, StringComparison.Ordinal);
            Assert.Contains("<i>Name</i>", element.TextContent, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Input.Body", 10_001, "The comment is 10,001 characters long; the limit is 10,000. Please shorten it.")]
    [InlineData("Input.Body", 0, "The comment text cannot be empty.")]
    [InlineData("Input.Name", 101, "The name is 101 characters long; the limit is 100.")]
    [InlineData("Input.Name", 0, "Enter the commenter's name.")]
    [InlineData("Input.Website", 301, "The website address is 301 characters long; the limit is 300.")]
    public async Task Oversized_or_empty_fields_are_refused_with_400_and_nothing_stored_changes(string field, int length, string message)
    {
        var article = await _data.ArticleAsync("Limits");
        var comment = await _data.CommentAsync(article, "Original", status: CommentStatus.Pending, body: "Original text.");
        var (editor, _) = await app.SignedInAsync(Roles.Editor);
        var value = field == "Input.Website" ? "https://" + new string('w', length - 8) : new string('x', length);

        using var response = await editor.SubmitFormAsync($"/admin/comments/{comment.Id}/edit", "form.comment-edit",
            new Dictionary<string, string> { [field] = value });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains(message, page.QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        Assert.Equal(message, page.QuerySelector($"[data-valmsg-for='{field}']")!.Text());
        Assert.Equal(value, field == "Input.Body" ? page.QuerySelector("textarea")!.TextContent.TrimStart('\n') : page.QuerySelector($"input[name='{field}']")!.GetAttribute("value") ?? "");
        var stored = await Stored(comment.Id);
        Assert.Equal(("Original", "Original text.", (DateTime?)null), (stored.AuthorName, stored.Body, stored.EditedAt));
    }

    [Fact]
    public async Task A_website_that_is_not_a_web_address_is_refused()
    {
        var article = await _data.ArticleAsync("Bad website");
        var comment = await _data.CommentAsync(article, "Original", status: CommentStatus.Pending);
        var (editor, _) = await app.SignedInAsync(Roles.Editor);

        using var response = await editor.SubmitFormAsync($"/admin/comments/{comment.Id}/edit", "form.comment-edit",
            new Dictionary<string, string> { ["Input.Website"] = "javascript:alert(1)" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null((await Stored(comment.Id)).AuthorUrl);
    }

    [Fact]
    public async Task A_staff_reply_to_a_pending_comment_approves_it_and_appears_under_it_signed_with_the_author_name()
    {
        var article = await _data.ArticleAsync("Staff reply");
        await app.CreateClient().PostCommentAsync(Moderation.PublicUrl(article), Html.CommentFields("Visitor", "visitor-reply@example.org", "When does it open?"));
        var parent = await app.WithDbAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.ArticleId == article.Id));
        Assert.Equal(CommentStatus.Pending, parent.Status);
        var user = await app.CreateUserAsync(Roles.Editor, "desk-editor@example.org", "Desk Editor");
        var editor = app.CreateBrowserlessClient();
        await editor.SignInAsync(user.Email!, Staff.Password);

        using var response = await editor.SubmitFormAsync(Moderation.QueueOf(article), $"#comment-row-{parent.Id} details.staff-reply form",
            new Dictionary<string, string> { ["ReplyBody"] = "In **March**, we are told." });

        Assert.Equal("Reply to Visitor published, and their comment approved.", await editor.FollowAsync(response));
        var reply = await app.WithDbAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.ParentId == parent.Id));
        Assert.Equal((CommentStatus.Approved, user.Id, "Desk Editor", "desk-editor@example.org"), (reply.Status, reply.UserId, reply.AuthorName, reply.AuthorEmail));
        Assert.Equal(CommentStatus.Approved, (await Stored(parent.Id)).Status);
        var page = await app.CreateClient().GetDocumentAsync(Moderation.PublicUrl(article));
        Assert.Equal("2 Comments", page.QuerySelector("h2.comment-count")!.Text());
        Assert.Equal("March", page.QuerySelector($"#comment-{parent.Id} .children #comment-{reply.Id} .comment-body strong")!.Text());
        Assert.Equal("Desk Editor", page.QuerySelector($"#comment-{reply.Id} .comment-author")!.Text());
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Subject.EndsWith("“Staff reply”")).Select(e => e.Action).ToListAsync());
        Assert.Equal(["comment.approve", "comment.reply"], audit);
        var row = (await editor.GetDocumentAsync(Moderation.QueueOf(article, "approved"))).Row(reply.Id);
        Assert.Equal("staff", row.QuerySelector(".badge")!.Text());
    }

    [Fact]
    public async Task An_empty_or_oversized_reply_comes_back_with_400_and_its_text_and_a_spam_comment_cannot_be_answered()
    {
        var article = await _data.ArticleAsync("Reply limits");
        var parent = await _data.CommentAsync(article, "Asker", status: CommentStatus.Approved);
        var spam = await _data.CommentAsync(article, "Spammer", status: CommentStatus.Spam);
        var (editor, _) = await app.SignedInAsync(Roles.Editor);
        var queue = Moderation.QueueOf(article, "approved");
        var tooLong = new string('y', 10_001);

        using var oversized = await editor.SubmitFormAsync(queue, $"#comment-row-{parent.Id} details.staff-reply form",
            new Dictionary<string, string> { ["ReplyBody"] = tooLong });
        Assert.Equal(HttpStatusCode.BadRequest, oversized.StatusCode);
        var page = await oversized.ParseAsync();
        var details = page.QuerySelector($"#comment-row-{parent.Id} details.staff-reply")!;
        Assert.True(details.HasAttribute("open"));
        Assert.Equal("The comment is 10,001 characters long; the limit is 10,000. Please shorten it.", details.QuerySelector(".field-error")!.Text());
        Assert.Equal(tooLong, details.QuerySelector("textarea")!.TextContent.TrimStart('\n'));

        using var empty = await editor.SubmitFormAsync(queue, $"#comment-row-{parent.Id} details.staff-reply form",
            new Dictionary<string, string> { ["ReplyBody"] = "   " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        Assert.Null((await editor.GetDocumentAsync(Moderation.QueueOf(article, "spam"))).Row(spam.Id).QuerySelector("details.staff-reply"));
        using var toSpam = await editor.SubmitFormAsync(queue, $"#comment-row-{parent.Id} details.staff-reply form",
            new Dictionary<string, string> { ["id"] = spam.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["ReplyBody"] = "Hello" });
        Assert.Equal(HttpStatusCode.BadRequest, toSpam.StatusCode);

        Assert.False(await app.WithDbAsync(db => db.Comments.AnyAsync(c => c.ParentId == parent.Id || c.ParentId == spam.Id)));
    }
}

using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Admin.Comments;

/// <summary>Who may moderate: editors and administrators only, and never without the form's antiforgery token.</summary>
public sealed class ModerationAccessTests(BylineAppFactory app) : IClassFixture<BylineAppFactory>
{
    private readonly TestData _data = new(app);

    private async Task<(Comment Comment, string[] Pages, (string Url, Dictionary<string, string> Form)[] Posts)> TargetsAsync()
    {
        var article = await _data.ArticleAsync("Access");
        var comment = await _data.CommentAsync(article, "Target", email: "target-access@example.org", status: CommentStatus.Pending);
        string[] pages = ["/admin/comments", "/admin/comments?status=spam", $"/admin/comments/{comment.Id}/edit", "/admin/comments/commenter?email=target-access%40example.org"];
        var id = comment.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (string, Dictionary<string, string>)[] posts =
        [
            ("/admin/comments?handler=Moderate", new() { ["id"] = id, ["act"] = "approve" }),
            ("/admin/comments?handler=Bulk", new() { ["ids"] = id, ["bulk"] = "approve" }),
            ("/admin/comments?handler=Reply", new() { ["id"] = id, ["ReplyBody"] = "Sneaky reply" }),
            ($"/admin/comments/{id}/edit", new() { ["Input.Name"] = "Changed", ["Input.Body"] = "Changed" }),
            ("/admin/comments/commenter?handler=Erase&email=target-access%40example.org", new() { ["ConfirmErase"] = "true" }),
            ("/admin/comments/commenter?handler=Export&email=target-access%40example.org", new()),
        ];
        return (comment, pages, posts);
    }

    private async Task AssertUnchangedAsync(Comment comment)
    {
        var stored = await app.WithDbAsync(db => db.Comments.AsNoTracking().SingleAsync(c => c.Id == comment.Id));
        Assert.Equal(CommentStatus.Pending, stored.Status);
        Assert.Equal("Target", stored.AuthorName);
        Assert.Equal("target-access@example.org", stored.AuthorEmail);
        Assert.Null(stored.EditedAt);
        Assert.False(await app.WithDbAsync(db => db.Comments.AnyAsync(c => c.ParentId == comment.Id)));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_log_in_and_their_posts_change_nothing()
    {
        var (comment, pages, posts) = await TargetsAsync();
        var visitor = app.CreateBrowserlessClient();

        foreach (var page in pages)
        {
            using var response = await visitor.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        }
        foreach (var (url, form) in posts)
        {
            using var response = await visitor.PostAsync(url, new FormUrlEncodedContent(form));
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"POST {url} answered {(int)response.StatusCode}");
            Assert.NotEqual("/admin/comments", response.Headers.Location?.AbsolutePath);
        }
        await AssertUnchangedAsync(comment);
    }

    [Theory]
    [InlineData(Roles.Author)]
    [InlineData(Roles.Contributor)]
    public async Task Authors_and_contributors_are_forbidden_even_with_a_valid_antiforgery_token(string role)
    {
        var (comment, pages, posts) = await TargetsAsync();
        var (client, _) = await app.SignedInAsync(role);
        Assert.Null((await client.GetDocumentAsync("/admin")).QuerySelector(".admin-nav a[href='/admin/comments']"));

        foreach (var page in pages)
        {
            using var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        // A token they legitimately hold, from the log-out form on their dashboard.
        var token = (await client.GetDocumentAsync("/admin")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        foreach (var (url, form) in posts)
        {
            form["__RequestVerificationToken"] = token;
            using var response = await client.PostAsync(url, new FormUrlEncodedContent(form));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        await AssertUnchangedAsync(comment);
    }

    [Theory]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Administrator)]
    public async Task Editors_and_administrators_may_moderate(string role)
    {
        var (_, pages, _) = await TargetsAsync();
        var (client, _) = await app.SignedInAsync(role);

        foreach (var page in pages)
        {
            using var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_with_400()
    {
        var (comment, _, posts) = await TargetsAsync();
        var (editor, _) = await app.SignedInAsync(Roles.Editor);

        foreach (var (url, form) in posts)
        {
            using var response = await editor.PostAsync(url, new FormUrlEncodedContent(form));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        await AssertUnchangedAsync(comment);
    }

    [Fact]
    public async Task Every_form_on_the_moderation_pages_carries_an_antiforgery_token()
    {
        var (_, pages, _) = await TargetsAsync();
        var (editor, _) = await app.SignedInAsync(Roles.Editor);

        foreach (var page in pages)
        {
            var document = await editor.GetDocumentAsync(page);
            var forms = document.QuerySelectorAll("main form[method=post]");
            Assert.NotEmpty(forms);
            Assert.All(forms, f => Assert.NotNull(f.QuerySelector("input[name=__RequestVerificationToken]")));
        }
    }
}

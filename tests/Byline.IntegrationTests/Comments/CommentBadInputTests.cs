using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Comments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Comments;

public sealed class CommentBadInputTests(BylineAppFactory app) : IClassFixture<BylineAppFactory>
{
    private readonly TestData _data = new(app);

    private static string UrlOf(Article article) => ArticleLinks.Url(article.PublishedAt!.Value, article.Slug);

    private Task<List<Comment>> CommentsOf(Article article) =>
        app.WithDbAsync(db => db.Comments.AsNoTracking().Where(c => c.ArticleId == article.Id).ToListAsync());

    [Theory]
    [InlineData("", "ok@example.org", "Body text", "Please enter your name.")]
    [InlineData("Name", "", "Body text", "Please enter your e-mail address")]
    [InlineData("Name", "not-an-address", "Body text", "valid e-mail address")]
    [InlineData("Name", "ok@example.org", "   ", "Please write a comment.")]
    public async Task Missing_or_invalid_fields_get_a_clear_message_and_keep_what_was_typed(string name, string email, string body, string message)
    {
        var article = await _data.ArticleAsync("Validation");
        var existing = await _data.CommentAsync(article, "keeper");

        using var response = await app.CreateClient().PostCommentAsync(UrlOf(article),
            Html.CommentFields(name, email, body, "example.org/site"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains(message, page.QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        Assert.Equal(name, page.QuerySelector("input[name='Comment.Name']")!.GetAttribute("value") ?? "");
        Assert.Equal(email, page.QuerySelector("input[name='Comment.Email']")!.GetAttribute("value") ?? "");
        Assert.Equal("example.org/site", page.QuerySelector("input[name='Comment.Website']")!.GetAttribute("value"));
        Assert.Equal(body.Trim(), page.QuerySelector("textarea[name='Comment.Body']")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("[aria-invalid=true]"));
        Assert.Equal([existing.Id], (await CommentsOf(article)).Select(c => c.Id));
        Assert.Equal("1 Comment", page.QuerySelector("h2.comment-count")!.Text());
    }

    [Fact]
    public async Task A_one_megabyte_comment_is_refused_with_its_length_and_the_limit()
    {
        var article = await _data.ArticleAsync("Huge comment");
        var huge = new string('a', 1024 * 1024);

        using var response = await app.CreateClient().PostCommentAsync(UrlOf(article), Html.CommentFields("Big", "big@example.org", huge));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("1,048,576 characters", page.QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        Assert.Equal(huge.Length, page.QuerySelector("textarea[name='Comment.Body']")!.TextContent.Length);
        Assert.Empty(await CommentsOf(article));
    }

    [Fact]
    public async Task A_body_larger_than_the_request_limit_is_refused_before_binding()
    {
        var article = await _data.ArticleAsync("Oversized request");
        var client = app.CreateClient();
        var page = await client.GetDocumentAsync(UrlOf(article));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var fields = Html.CommentFields("Big", "big@example.org", new string('a', 3 * 1024 * 1024));
        fields["__RequestVerificationToken"] = token;

        using var response = await client.PostAsync(UrlOf(article), new FormUrlEncodedContent(fields));

        Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, $"status {(int)response.StatusCode}");
        Assert.Empty(await CommentsOf(article));
    }

    [Fact]
    public async Task A_post_without_an_antiforgery_token_is_rejected()
    {
        var article = await _data.ArticleAsync("No token");

        using var response = await app.CreateClient().PostAsync(UrlOf(article),
            new FormUrlEncodedContent(Html.CommentFields("Bot", "bot@example.org", "spam")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await CommentsOf(article));
    }

    [Fact]
    public async Task Script_and_markup_in_every_field_are_stored_as_text_and_rendered_inert()
    {
        var article = await _data.ArticleAsync("Hostile comment");
        const string hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>\"><b>bold</b>";
        await _data.CommentAsync(article, "trusted", email: "hostile@example.org");
        var client = app.CreateClient();

        using var javascriptUrl = await client.PostCommentAsync(UrlOf(article),
            Html.CommentFields(hostile, "hostile@example.org", hostile, "javascript:alert(1)"));
        Assert.Equal(HttpStatusCode.BadRequest, javascriptUrl.StatusCode);
        var rerendered = await javascriptUrl.ParseAsync();
        Assert.Empty(rerendered.QuerySelectorAll("form script, form img, form b"));
        Assert.Equal(hostile, rerendered.QuerySelector("input[name='Comment.Name']")!.GetAttribute("value"));

        await client.PostCommentAsync(UrlOf(article), Html.CommentFields(hostile, "hostile@example.org", hostile, "https://example.org/\"onmouseover=alert(1)"));

        var page = await app.CreateClient().GetDocumentAsync(UrlOf(article));
        var comment = page.QuerySelectorAll(".comment")[^1];
        Assert.Empty(comment.QuerySelectorAll("script, img, b"));
        Assert.Equal(hostile, comment.QuerySelector(".comment-author")!.Text());
        Assert.Contains("<script>alert('x')</script>", comment.QuerySelector(".comment-body")!.TextContent, StringComparison.Ordinal);
        var link = comment.QuerySelector(".comment-author a")!;
        Assert.Null(link.GetAttribute("onmouseover"));
        Assert.Contains("nofollow", link.GetAttribute("rel"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/?page=-1", HttpStatusCode.BadRequest)]
    [InlineData("/?page=abc", HttpStatusCode.BadRequest)]
    [InlineData("/?page=0", HttpStatusCode.BadRequest)]
    [InlineData("/?page=9999", HttpStatusCode.NotFound)]
    [InlineData("/category/no-such-category", HttpStatusCode.NotFound)]
    [InlineData("/tag/no-such-tag", HttpStatusCode.NotFound)]
    [InlineData("/author/no-such-author", HttpStatusCode.NotFound)]
    [InlineData("/no/such/page/at/all", HttpStatusCode.NotFound)]
    public async Task Bad_addresses_get_a_friendly_page_with_the_right_status(string url, HttpStatusCode expected)
    {
        using var response = await app.CreateClient().GetAsync(url);

        Assert.Equal(expected, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.NotNull(page.QuerySelector(".status-page h1"));
        Assert.Equal("/", page.QuerySelector(".status-page a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Clients_cannot_set_status_or_ids()
    {
        var article = await _data.ArticleAsync("Over-posting");
        var fields = Html.CommentFields("Eve", "eve-overpost@example.org", "Trust me.");
        fields["Comment.Status"] = "Approved";
        fields["Status"] = "Approved";
        fields["Comment.Id"] = "424242";
        fields["Comment.ParentId"] = "not-a-number";

        await app.CreateClient().PostCommentAsync(UrlOf(article), fields);

        var stored = Assert.Single(await CommentsOf(article));
        Assert.Equal(CommentStatus.Pending, stored.Status);
        Assert.NotEqual(424242, stored.Id);
        Assert.Null(stored.ParentId);
    }
}

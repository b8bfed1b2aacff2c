using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Operations;

/// <summary>Listing pages come from the output cache until something they show changes.</summary>
public sealed class PageCacheTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();
    private TestData _data = null!;

    public async Task InitializeAsync()
    {
        _data = new TestData(_app);
        await _data.ArticleAsync("An early story");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<int> QueriesForAsync(HttpClient client, string url)
    {
        var before = _app.Queries.Count;
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return _app.Queries.Count - before;
    }

    [Fact]
    public async Task A_second_anonymous_request_for_the_home_page_costs_no_query_and_publishing_refreshes_it()
    {
        var reader = _app.CreateClient();
        Assert.True(await QueriesForAsync(reader, "/") > 0);
        Assert.Equal(0, await QueriesForAsync(reader, "/"));

        // An editor publishes: the next reader sees the new story at once.
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        var categoryId = await _app.WithDbAsync(db => db.Categories.Select(c => c.Id).FirstAsync());
        using var published = await editor.SubmitFormAsync("/admin/articles/new", "#article-editor", new Dictionary<string, string>
        {
            ["Form.Title"] = "Breaking: the cache knows",
            ["Form.Body"] = "Text.",
            ["Form.CategoryId"] = categoryId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["command"] = "publish",
        });
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var home = await reader.GetDocumentAsync("/");
        Assert.Equal("Breaking: the cache knows", home.QuerySelector(".article-list .card h2")!.Text());
    }

    [Fact]
    public async Task An_approved_comment_refreshes_cached_pages_recent_comments()
    {
        var reader = _app.CreateClient();
        await reader.GetDocumentAsync("/");
        var article = await _app.WithDbAsync(db => db.Articles.AsNoTracking().FirstAsync());
        await _data.CommentAsync(article, name: "elijah");
        var home = await reader.GetDocumentAsync("/");
        Assert.Contains("elijah", home.QuerySelector(".sidebar")!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_in_staff_always_get_a_fresh_page()
    {
        var (editor, _) = await _app.SignedInAsync(Roles.Editor);
        await QueriesForAsync(editor, "/");
        Assert.True(await QueriesForAsync(editor, "/") > 0);
    }

    [Fact]
    public async Task Cached_article_pages_still_give_every_visitor_their_own_form_token_and_commenters_their_own_page()
    {
        var url = (await _app.CreateClient().GetDocumentAsync("/")).QuerySelector(".article-list .card h2 a")!.GetAttribute("href")!;
        var first = _app.CreateClient();
        var second = _app.CreateClient();
        await QueriesForAsync(first, url);
        Assert.Equal(0, await QueriesForAsync(second, url));

        var tokens = new List<string>();
        foreach (var visitor in new[] { first, second })
        {
            var form = (await visitor.GetDocumentAsync(url)).QuerySelector("form.comment-form")!;
            var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var stamp = form.QuerySelector("input[name='Comment.Stamp']")!.GetAttribute("value")!;
            Assert.DoesNotContain("__byline_", token + stamp, StringComparison.Ordinal);
            tokens.Add(token);
        }
        Assert.NotEqual(tokens[0], tokens[1]);

        // Both visitors can comment with what the cached page gave them; the first-time commenter then sees their own pending comment.
        using var posted = await second.PostCommentAsync(url, Html.CommentFields("Cached Reader", "cached@example.org", "Posted from a cached page."));
        Assert.True(posted.IsSuccessStatusCode || posted.StatusCode == HttpStatusCode.Redirect, $"Posting answered {(int)posted.StatusCode}");
        var own = await second.GetDocumentAsync(url);
        Assert.Contains("Posted from a cached page.", own.QuerySelector("#comments")!.Text(), StringComparison.Ordinal);
        var others = await first.GetDocumentAsync(url);
        Assert.DoesNotContain("Posted from a cached page.", others.QuerySelector("#comments")?.Text() ?? "", StringComparison.Ordinal);
    }
}

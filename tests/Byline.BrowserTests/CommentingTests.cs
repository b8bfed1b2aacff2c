using System.Text.RegularExpressions;
using Byline.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Byline.BrowserTests;

/// <summary>A reader finds an article and comments on it, in a real browser against the real server.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed partial class CommentingTests(BrowserFixture browser)
{
    private const string FlagshipSlug = "mission-bangkok";
    private const string AwaitingModeration = "Your comment is awaiting moderation. Only you can see it for now.";

    [Fact]
    public async Task A_reader_goes_from_the_home_page_to_an_article_and_comments_and_only_they_see_it_until_it_is_approved()
    {
        await using var context = await browser.NewVisitorAsync();
        var page = await context.NewPageAsync();

        // The home page: the site's name and a list of articles.
        await page.GotoAsync("/");
        await Expect(page.Locator(".site-title")).ToHaveTextAsync("The Byline Times");
        var main = page.GetByRole(AriaRole.Main);
        var headlines = main.Locator(".article-list .card h2 a");
        await Expect(headlines.First).ToBeVisibleAsync();
        Assert.True(await headlines.CountAsync() >= 5, "The home page should list the demo newsroom's latest articles.");

        // Follow a headline by its visible title: the flagship story when it is on the first page, else the top one.
        var flagship = main.Locator($".article-list .card h2 a[href$='/{FlagshipSlug}']");
        var chosen = await flagship.CountAsync() > 0 ? flagship.First : headlines.First;
        var title = (await chosen.InnerTextAsync()).Trim();
        var href = await chosen.GetAttributeAsync("href") ?? throw new InvalidOperationException("A headline without a link.");
        Assert.NotEmpty(title);
        await main.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).First.ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(browser.RootUri, href).ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);

        // Fill the comment form as a first-time commenter and ask the browser to remember the details.
        var body = $"Browser check {Guid.NewGuid():N}: good to see the pumps hold up.";
        var email = $"reader-{Guid.NewGuid():N}@example.org";
        var form = page.Locator("form.comment-form");
        await form.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true }).FillAsync(body);
        await form.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true }).FillAsync("Ada Lindqvist");
        await form.GetByRole(AriaRole.Textbox, new() { Name = "E-mail", Exact = true }).FillAsync(email);
        await form.GetByRole(AriaRole.Checkbox, new() { Name = "Save my name, e-mail and website" }).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Post comment" }).ClickAsync();

        // Back on the article, at the new comment, which is marked as held for moderation.
        await Expect(page).ToHaveURLAsync(CommentAnchor());
        var id = CommentAnchor().Match(page.Url).Groups["id"].Value;
        Assert.StartsWith(new Uri(browser.RootUri, href).ToString() + "#", page.Url, StringComparison.Ordinal);
        var comment = page.Locator($"#comment-{id}");
        await Expect(comment).ToBeVisibleAsync();
        await Expect(comment.Locator(".comment-author")).ToHaveTextAsync("Ada Lindqvist");
        await Expect(comment.Locator(".comment-body")).ToHaveTextAsync(body);
        await Expect(comment.Locator(".awaiting-moderation")).ToHaveTextAsync(AwaitingModeration);
        await Expect(comment.Locator(".awaiting-moderation")).ToBeVisibleAsync();

        // "Save my details" worked: the form is filled in for next time.
        await Expect(form.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true })).ToHaveValueAsync("Ada Lindqvist");
        await Expect(form.GetByRole(AriaRole.Textbox, new() { Name = "E-mail", Exact = true })).ToHaveValueAsync(email);
        await Expect(form.GetByRole(AriaRole.Checkbox, new() { Name = "Save my name, e-mail and website" })).ToBeCheckedAsync();

        // The commenter still sees it after a reload.
        await page.ReloadAsync();
        await Expect(page.Locator($"#comment-{id} .awaiting-moderation")).ToHaveTextAsync(AwaitingModeration);

        // Another visitor (a new browser context, no cookies) sees the article but not the pending comment.
        await using var otherVisitor = await browser.NewVisitorAsync();
        var other = await otherVisitor.NewPageAsync();
        await other.GotoAsync(href);
        await Expect(other.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await Expect(other.Locator("#comments")).ToBeVisibleAsync();
        await Expect(other.Locator($"#comment-{id}")).ToHaveCountAsync(0);
        await Expect(other.GetByText(body)).ToHaveCountAsync(0);
        await Expect(other.GetByText(AwaitingModeration)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_invalid_email_is_refused_by_the_server_and_the_typed_comment_is_kept()
    {
        await using var context = await browser.NewVisitorAsync();
        var page = await context.NewPageAsync();
        var path = await browser.ArticlePathAsync(FlagshipSlug);
        await page.GotoAsync(path);

        var body = $"Kept text {Guid.NewGuid():N}\nSecond line of my comment.";
        var form = page.Locator("form.comment-form");
        var bodyField = form.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true });
        var emailField = form.GetByRole(AriaRole.Textbox, new() { Name = "E-mail", Exact = true });
        await bodyField.FillAsync(body);
        await form.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true }).FillAsync("Bo Invalid");
        await emailField.FillAsync("bo-at-example");
        // The form is novalidate, so the browser submits it and the server has the last word.
        await form.GetByRole(AriaRole.Button, new() { Name = "Post comment" }).ClickAsync();

        var errors = page.Locator(".form-errors");
        await Expect(errors).ToBeVisibleAsync();
        await Expect(errors).ToContainTextAsync("Your comment was not posted yet");
        await Expect(errors).ToContainTextAsync("Please enter a valid e-mail address, like name@example.com.");
        await Expect(page.Locator("#comment-email-error")).ToHaveTextAsync("Please enter a valid e-mail address, like name@example.com.");
        await Expect(emailField).ToHaveAttributeAsync("aria-invalid", "true");

        // Nothing the reader typed is lost, and nothing was posted.
        await Expect(bodyField).ToHaveValueAsync(body);
        await Expect(emailField).ToHaveValueAsync("bo-at-example");
        await Expect(page).ToHaveURLAsync(new Uri(browser.RootUri, path).ToString());
        await Expect(page.Locator(".comment-list").GetByText("Kept text")).ToHaveCountAsync(0);
    }

    [GeneratedRegex(@"#comment-(?<id>\d+)$")]
    private static partial Regex CommentAnchor();
}

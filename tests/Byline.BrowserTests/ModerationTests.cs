using System.Text.RegularExpressions;
using Byline.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Byline.BrowserTests;

/// <summary>A visitor's comment waits for moderation; an editor approves it in the admin area and everyone sees it.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed partial class ModerationTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_editor_approves_a_held_comment_and_readers_then_see_it_and_a_higher_count()
    {
        var path = await browser.ArticlePathAsync("mission-bangkok");

        // Another reader notes the count before.
        await using var reader = await browser.NewVisitorAsync();
        var readerPage = await reader.NewPageAsync();
        await readerPage.GotoAsync(path);
        var countBefore = CountIn(await readerPage.Locator("h2.comment-count").InnerTextAsync());

        // A first-time visitor comments and is told it waits for moderation.
        await using var visitor = await browser.NewVisitorAsync();
        var page = await visitor.NewPageAsync();
        await page.GotoAsync(path);
        // Plain words, as a reader writes: random hex in a name or text looks like spam to the classifier, which
        // would then (rightly, by its lights) send the comment to the spam folder rather than the queue.
        const string body = "The pumps deserve a follow-up story once the rainy season is over.";
        const string name = "Ines Duarte";
        var form = page.Locator("form.comment-form");
        // Typed at a person's pace: the form guard treats a comment posted within two seconds of the form as a bot's.
        await form.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true }).PressSequentiallyAsync(body, new() { Delay = 45 });
        await form.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true }).FillAsync(name);
        await form.GetByRole(AriaRole.Textbox, new() { Name = "E-mail", Exact = true }).FillAsync($"ines-{Guid.NewGuid():N}@example.org");
        await form.GetByRole(AriaRole.Button, new() { Name = "Post comment" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(CommentAnchor());
        var id = CommentAnchor().Match(page.Url).Groups["id"].Value;
        await Expect(page.Locator($"#comment-{id} .awaiting-moderation")).ToContainTextAsync("awaiting moderation");

        // The editor finds it in the pending queue, with the pipeline's reason, and approves it.
        var (staff, _) = await browser.NewStaffAsync("Editor");
        await using var _ = staff;
        var admin = await staff.NewPageAsync();
        await admin.GotoAsync("/admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = "awaiting moderation" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Comments");
        await Expect(admin.GetByRole(AriaRole.Navigation, new() { Name = "Comment status" }).Locator("[aria-current=page]")).ToContainTextAsync("Pending");
        var row = admin.Locator($"#comment-row-{id}");
        await Expect(row.Locator(".author-name")).ToHaveTextAsync(name);
        await Expect(row.Locator(".comment-body")).ToHaveTextAsync(body);
        await Expect(row.Locator(".moderation-reason")).ToContainTextAsync("held:");
        await row.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await Expect(admin.Locator(".notice[role=status]")).ToHaveTextAsync($"Comment by {name} approved.");
        await Expect(admin.Locator($"#comment-row-{id}")).ToHaveCountAsync(0);

        // The other reader reloads: the comment is there and the count went up by one.
        await readerPage.ReloadAsync();
        await Expect(readerPage.Locator($"#comment-{id} .comment-body")).ToHaveTextAsync(body);
        await Expect(readerPage.Locator($"#comment-{id} .awaiting-moderation")).ToHaveCountAsync(0);
        Assert.Equal(countBefore + 1, CountIn(await readerPage.Locator("h2.comment-count").InnerTextAsync()));
    }

    private static int CountIn(string text) =>
        text.StartsWith("No ", StringComparison.Ordinal) ? 0 : int.Parse(string.Concat(text.TakeWhile(c => char.IsDigit(c) || c == ',')).Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"#comment-(?<id>\d+)$")]
    private static partial Regex CommentAnchor();
}

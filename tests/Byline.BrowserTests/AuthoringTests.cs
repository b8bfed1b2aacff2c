using System.Globalization;
using Byline.BrowserTests.Infrastructure;
using Byline.Web.Features.Site;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Byline.BrowserTests;

/// <summary>An author writes in the real editor; the article publishes itself when its time comes.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class AuthoringTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_author_schedules_an_article_and_it_appears_for_readers_on_time()
    {
        var (context, _) = await browser.NewStaffAsync("Author");
        await using var _ = context;
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Write an article" }).ClickAsync();

        var title = $"Night ferry timetable {Guid.NewGuid().ToString("N")[..6]}";
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("Text (Markdown)").FillAsync("From Monday the **night ferry** leaves at 23:40.");
        // The live preview renders what was typed, through the same pipeline as the public page.
        await Expect(page.Locator("#preview-body strong")).ToHaveTextAsync("night ferry");
        await page.GetByLabel("Tags").FillAsync("Ferries, Transport");

        // An hour from now, in the site's own time zone, as the form asks.
        var site = await browser.App.Services.GetRequiredService<SiteSettingsProvider>().GetAsync();
        var publishAt = site.ToLocal(browser.App.Clock.GetUtcNow().UtcDateTime.AddHours(1));
        await page.Locator("input[name='Form.PublishAt']").FillAsync(publishAt.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Scheduled for");
        await Expect(page.Locator(".article-state")).ToContainTextAsync("Scheduled");

        await using var readerContext = await browser.NewVisitorAsync();
        var reader = await readerContext.NewPageAsync();
        await reader.GotoAsync("/");
        await Expect(reader.GetByRole(AriaRole.Link, new() { Name = title })).ToHaveCountAsync(0);

        // An hour passes; the publisher (polling every second here) publishes it, once.
        browser.App.Clock.Advance(TimeSpan.FromMinutes(61));
        var headline = reader.GetByRole(AriaRole.Link, new() { Name = title });
        for (var waited = 0; await headline.CountAsync() == 0 && waited < 15_000; waited += 500)
        {
            await Task.Delay(500);
            await reader.ReloadAsync();
        }
        await Expect(headline).ToHaveCountAsync(1);
        await reader.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Expect(reader.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await Expect(reader.Locator(".article-body strong")).ToHaveTextAsync("night ferry");

        await page.ReloadAsync();
        await Expect(page.Locator(".article-state")).ToContainTextAsync("Published");
    }
}

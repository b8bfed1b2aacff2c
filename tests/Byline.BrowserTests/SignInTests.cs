using Byline.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Byline.BrowserTests;

[Collection(BrowserTestGroup.Name)]
public sealed class SignInTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_editor_signs_in_sees_the_dashboard_and_logs_out()
    {
        var (context, displayName) = await browser.NewStaffAsync("Editor");
        await using var _ = context;
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Dashboard");
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Admin" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Comments" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Users" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(browser.RootUri.ToString());
        await page.GotoAsync("/admin");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login\\?ReturnUrl=%2Fadmin$"));
        Assert.DoesNotContain(displayName, await page.ContentAsync(), StringComparison.Ordinal);
    }
}

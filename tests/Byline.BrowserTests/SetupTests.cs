using Byline.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Byline.BrowserTests;

/// <summary>A brand-new site without demo content: the first visitor to the admin creates the administrator.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed class SetupTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_first_administrator_is_created_on_the_setup_page_and_lands_on_the_dashboard()
    {
        await using var server = new BylineServer { DemoContent = false };
        var root = server.Start();
        await using var context = await browser.Browser.NewContextAsync(new() { BaseURL = root.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/admin");
        await Expect(page).ToHaveURLAsync(new Uri(root, "/account/setup").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Welcome to Byline");
        await page.GetByLabel("Site title").FillAsync("The Harbour Gazette");
        await page.GetByLabel("Your name").FillAsync("Ines Ferreira");
        await page.GetByLabel("E-mail address").FillAsync("ines@example.org");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("tide tables at dawn");
        await page.GetByLabel("Password again").FillAsync("tide tables at dawn");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create administrator" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Dashboard");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your site is ready");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Admin" }).GetByRole(AriaRole.Link, new() { Name = "Users" })).ToBeVisibleAsync();

        // The public site carries the new name, and the setup page is gone.
        await page.GotoAsync("/");
        await Expect(page.Locator(".site-title")).ToHaveTextAsync("The Harbour Gazette");
        var response = await page.GotoAsync("/account/setup");
        Assert.Equal(404, response!.Status);
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Byline.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Byline.BrowserTests;

/// <summary>The article page as a browser renders it: clean console, no third-party requests, sidebar, dark mode.</summary>
[Collection(BrowserTestGroup.Name)]
public sealed partial class ArticlePageTests(BrowserFixture browser)
{
    private const string FlagshipSlug = "mission-bangkok";
    private const string FlagshipTitle = "Mission Bangkok: Can a Sinking Megacity Buy Itself Fifty Years?";

    /// <summary>Where the lead engineer can look at the page after a run; not an assertion.</summary>
    private const string ScreenshotPath = "/tmp/byline-article.png";

    [Fact]
    public async Task The_article_page_loads_without_console_errors_or_requests_to_other_hosts_and_shows_breadcrumbs_and_the_sidebar()
    {
        await using var context = await browser.NewVisitorAsync();
        var page = await context.NewPageAsync();
        var problems = new ConcurrentQueue<string>();
        var requests = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Enqueue($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Enqueue($"page error: {error}");
        page.RequestFailed += (_, request) => problems.Enqueue($"request failed: {request.Url} ({request.Failure})");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Enqueue($"HTTP {response.Status}: {response.Url}");
            }
        };
        page.Request += (_, request) => requests.Enqueue(request.Url);

        var path = await browser.ArticlePathAsync(FlagshipSlug);
        var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(FlagshipTitle);

        // Breadcrumbs: Home first, this article last and marked as the current page.
        var breadcrumbs = page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" });
        await Expect(breadcrumbs).ToBeVisibleAsync();
        await Expect(breadcrumbs.GetByRole(AriaRole.Link).First).ToHaveTextAsync("Home");
        await Expect(breadcrumbs.GetByRole(AriaRole.Link).Last).ToHaveTextAsync(FlagshipTitle);
        await Expect(breadcrumbs.GetByRole(AriaRole.Link).Last).ToHaveAttributeAsync("aria-current", "page");

        // The sidebar boxes, with content from the demo newsroom.
        var popular = page.GetByRole(AriaRole.Region, new() { Name = "Most Popular" });
        await Expect(popular).ToBeVisibleAsync();
        await Expect(popular.GetByRole(AriaRole.Link).First).ToBeVisibleAsync();
        var recentComments = page.GetByRole(AriaRole.Region, new() { Name = "Recent Comments" });
        await Expect(recentComments).ToBeVisibleAsync();
        await Expect(recentComments.GetByRole(AriaRole.Listitem).First).ToContainTextAsync(" on ");

        // What the reader sees is styled, and the article's images are drawn (a 200 with an empty body would pass the checks above).
        Assert.True(await page.EvaluateAsync<bool>(
                "() => [...document.styleSheets].some(sheet => sheet.href && sheet.href.includes('/css/site') && sheet.cssRules.length > 0)"),
            "The site stylesheet loaded without any rules.");
        var images = page.Locator("main img");
        for (var i = 0; i < await images.CountAsync(); i++)
        {
            await images.Nth(i).ScrollIntoViewIfNeededAsync(); // they are loading="lazy"
        }
        await page.WaitForFunctionAsync("() => [...document.images].every(img => img.complete)");
        var brokenImages = await page.EvaluateAsync<string[]>(
            "() => [...document.images].filter(img => !img.complete || img.naturalWidth === 0).map(img => img.src)");
        Assert.True(brokenImages.Length == 0, "Images that did not render:\n" + string.Join("\n", brokenImages));
        // On a desktop-wide window the sidebar sits beside the article, not under it.
        var mainBox = await page.GetByRole(AriaRole.Main).BoundingBoxAsync();
        var sidebarBox = await page.GetByRole(AriaRole.Complementary, new() { Name = "Sidebar" }).BoundingBoxAsync();
        Assert.NotNull(mainBox);
        Assert.NotNull(sidebarBox);
        Assert.True(sidebarBox.X >= mainBox.X + mainBox.Width && sidebarBox.Y < mainBox.Y + 100,
            $"The sidebar ({sidebarBox.X},{sidebarBox.Y}) should be to the right of the main column ({mainBox.X},{mainBox.Y} {mainBox.Width} wide).");

        await page.ScreenshotAsync(new() { Path = ScreenshotPath, FullPage = true });

        Assert.True(problems.IsEmpty, "The page reported problems:\n" + string.Join("\n", problems));
        Assert.Contains(requests, url => url == new Uri(browser.RootUri, path).ToString());
        Assert.Contains(requests, url => StylesheetUrl().IsMatch(url));
        var root = browser.RootUri.ToString();
        var elsewhere = requests.Where(url => !url.StartsWith(root, StringComparison.Ordinal)).ToList();
        Assert.True(elsewhere.Count == 0, "The page asked other hosts for:\n" + string.Join("\n", elsewhere));
    }

    [Fact]
    public async Task Dark_mode_follows_the_system_colour_scheme()
    {
        await using var context = await browser.NewVisitorAsync(ColorScheme.Light);
        var page = await context.NewPageAsync();
        await page.GotoAsync(await browser.ArticlePathAsync(FlagshipSlug));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        var lightBackground = await BodyStyleAsync(page, "backgroundColor");
        var lightText = await BodyStyleAsync(page, "color");

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        var darkBackground = await BodyStyleAsync(page, "backgroundColor");
        var darkText = await BodyStyleAsync(page, "color");

        Assert.NotEqual(lightBackground, darkBackground);
        Assert.NotEqual(lightText, darkText);
        Assert.True(Luminance(darkBackground) < Luminance(lightBackground),
            $"Dark mode should darken the page: light {lightBackground}, dark {darkBackground}.");
        Assert.True(Luminance(darkText) > Luminance(darkBackground),
            $"Dark mode text should be lighter than its background: text {darkText} on {darkBackground}.");
    }

    private static Task<string> BodyStyleAsync(IPage page, string property) =>
        page.EvaluateAsync<string>("property => getComputedStyle(document.body)[property]", property);

    /// <summary>A rough brightness (0–765) of a computed colour like "rgb(18, 18, 18)".</summary>
    private static int Luminance(string cssColour)
    {
        var match = RgbColour().Match(cssColour);
        Assert.True(match.Success, $"Not an rgb() colour: {cssColour}");
        return Enumerable.Range(1, 3).Sum(i => int.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"/css/site(\.[a-z0-9]+)?\.css$")]
    private static partial Regex StylesheetUrl();

    [GeneratedRegex(@"^rgba?\((\d+), (\d+), (\d+)")]
    private static partial Regex RgbColour();
}

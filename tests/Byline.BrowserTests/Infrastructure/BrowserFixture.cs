using Byline.Web.Features.Articles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Byline.BrowserTests.Infrastructure;

/// <summary>
/// One app server and one headless Chromium for the browser tests; each test opens its own
/// browser context (its own cookies: a separate visitor). Uses the machine's Chromium
/// (BYLINE_CHROMIUM, default /usr/bin/chromium) and never downloads one.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private IPlaywright? _playwright;

    public BylineServer App { get; } = new();

    /// <summary>The server's root, like http://127.0.0.1:41234/.</summary>
    public Uri RootUri => App.RootUri;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("BYLINE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"No Chromium at {chromium}: install Debian's package (apt-get install chromium) or set BYLINE_CHROMIUM.");
        }
        try
        {
            App.Start();
            // Playwright's driver (Node) ships in the NuGet package; with ExecutablePath it needs no download.
            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = chromium,
                Headless = true,
                Args = ChromiumArgs,
            });
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: stop the server and the driver here.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A new visitor: a fresh browser context (no cookies) whose relative URLs resolve against the server.</summary>
    public Task<IBrowserContext> NewVisitorAsync(ColorScheme colorScheme = ColorScheme.Light) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = RootUri.ToString(),
            ColorScheme = colorScheme,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });

    public const string StaffPassword = "correct horse battery";

    /// <summary>
    /// A staff member in <paramref name="role"/>, signed in through the real login form in a fresh
    /// browser context. Returns the context and the account's display name.
    /// </summary>
    public async Task<(IBrowserContext Context, string DisplayName)> NewStaffAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        var displayName = $"{role} {Guid.NewGuid().ToString("N")[..6]}";
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<Byline.Web.Features.Identity.UserAccounts>()
                .CreateAsync(email, displayName, role, StaffPassword);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join(" ", result.Errors));
            }
        }
        var context = await NewVisitorAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail or user name").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(StaffPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Dashboard");
        await page.CloseAsync();
        return (context, displayName);
    }

    /// <summary>The canonical path of a published article (/yyyy/mm/slug), asked of the app itself.</summary>
    public async Task<string> ArticlePathAsync(string slug)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var article = await scope.ServiceProvider.GetRequiredService<ArticleQueries>().FindBySlugAsync(slug, CancellationToken.None);
        return article?.Url ?? throw new InvalidOperationException($"The demo content has no published article '{slug}'.");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
            Browser = null!;
        }
        _playwright?.Dispose();
        _playwright = null;
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

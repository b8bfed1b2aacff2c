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

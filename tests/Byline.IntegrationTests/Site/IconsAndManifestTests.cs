using System.Net;
using System.Text.Json;
using Byline.IntegrationTests.Infrastructure;

namespace Byline.IntegrationTests.Site;

/// <summary>The favicon (SVG with a PNG fallback), the touch icon and the web manifest, linked from every layout.</summary>
public sealed class IconsAndManifestTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();

    // With no account at all the login page redirects to first-run setup: make one.
    public async Task InitializeAsync() => await _app.CreateUserAsync(Byline.Web.Features.Identity.Roles.Administrator);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_manifest_is_served_as_a_manifest_and_names_icons_that_exist()
    {
        var client = _app.CreateBrowserlessClient();
        using var response = await client.GetAsync("/site.webmanifest");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/manifest+json", response.Content.Headers.ContentType?.MediaType);
        using var manifest = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(manifest.RootElement.GetProperty("theme_color").GetString()));
        var icons = manifest.RootElement.GetProperty("icons").EnumerateArray().ToList();
        Assert.Contains(icons, i => i.GetProperty("sizes").GetString() == "512x512");
        foreach (var icon in icons)
        {
            using var file = await client.GetAsync(icon.GetProperty("src").GetString());
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal(icon.GetProperty("type").GetString(), file.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    public async Task Pages_link_the_icons_the_manifest_and_theme_colours_for_light_and_dark(string path)
    {
        var client = _app.CreateBrowserlessClient();
        var document = await Html.GetDocumentAsync(client, path);
        Assert.NotNull(document.QuerySelector("link[rel=icon][type='image/svg+xml'][href='/favicon.svg']"));
        Assert.NotNull(document.QuerySelector("link[rel=icon][type='image/png'][href='/favicon.png']"));
        Assert.NotNull(document.QuerySelector("link[rel=apple-touch-icon]"));
        Assert.NotNull(document.QuerySelector("link[rel=manifest][href='/site.webmanifest']"));
        Assert.NotNull(document.QuerySelector("meta[name=theme-color][media='(prefers-color-scheme: light)']"));
        Assert.NotNull(document.QuerySelector("meta[name=theme-color][media='(prefers-color-scheme: dark)']"));
        foreach (var href in new[] { "/favicon.png", "/favicon-180.png" })
        {
            using var file = await client.GetAsync(href);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        }
    }

    [Fact]
    public async Task The_login_page_is_indexable_and_described_and_staff_pages_are_not()
    {
        var client = _app.CreateBrowserlessClient();
        var login = await Html.GetDocumentAsync(client, "/account/login");
        Assert.Null(login.QuerySelector("meta[name=robots]"));
        Assert.False(string.IsNullOrEmpty(login.QuerySelector("meta[name=description]")?.GetAttribute("content")));
        var robots = await client.GetStringAsync("/robots.txt");
        Assert.DoesNotContain("Disallow: /account", robots, StringComparison.Ordinal);

        var (staff, _) = await _app.SignedInAsync(Byline.Web.Features.Identity.Roles.Editor);
        var dashboard = await Html.GetDocumentAsync(staff, "/admin");
        Assert.Equal("noindex, nofollow", dashboard.QuerySelector("meta[name=robots]")?.GetAttribute("content"));
    }
}

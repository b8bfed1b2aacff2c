using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Identity;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Byline.IntegrationTests.Security;

/// <summary>
/// The security headers on every kind of response, the per-request CSP nonce on every inline script and
/// style, no inline style attributes anywhere, HSTS only over HTTPS, and the cookie flags.
/// </summary>
public sealed partial class HeadersTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();
    private Article _article = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        var data = new TestData(_app);
        var author = await data.AuthorAsync("Hedda Header");
        var category = await data.CategoryAsync("Policy");
        _article = await data.ArticleAsync("Headers matter", "A body with a [link](https://example.org) and **bold** text.",
            category: category, author: author, tags: ["csp"]);
        await data.CommentAsync(_article, name: "Reader", body: "A first comment.");
        _admin = (await _app.SignedInAsync(Roles.Editor)).Client;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string[]> PublicPagesAsync()
    {
        var (authorSlug, categorySlug) = await _app.WithDbAsync(async db =>
        {
            var article = await db.Articles.FindAsync(_article.Id);
            var author = await db.Authors.FindAsync(article!.AuthorId);
            var category = await db.Categories.FindAsync(article.CategoryId);
            return (author!.Slug, category!.Slug);
        });
        return
        [
            "/", ArticleLinks.Url(_article.PublishedAt!.Value, _article.Slug), $"/category/{categorySlug}", "/tag/csp",
            $"/author/{authorSlug}", "/search?q=headers", "/privacy", "/account/login",
        ];
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response, string what)
    {
        var csp = Single(response, "Content-Security-Policy", what);
        Assert.Matches(CspShape(), csp);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options", what));
        Assert.Equal("strict-origin-when-cross-origin", Single(response, "Referrer-Policy", what));
        Assert.Equal("DENY", Single(response, "X-Frame-Options", what));
        Assert.Equal("same-origin", Single(response, "Cross-Origin-Opener-Policy", what));
        var permissions = Single(response, "Permissions-Policy", what);
        foreach (var feature in new[] { "camera=()", "microphone=()", "geolocation=()", "browsing-topics=()" })
        {
            Assert.Contains(feature, permissions, StringComparison.Ordinal);
        }
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), $"{what}: HSTS over plain HTTP");
    }

    private static string Single(HttpResponseMessage response, string header, string what)
    {
        var values = response.Headers.TryGetValues(header, out var found) ? found.ToList()
            : response.Content.Headers.TryGetValues(header, out var content) ? content.ToList() : [];
        Assert.True(values.Count == 1, $"{what}: expected one {header} header, got {values.Count}");
        return values[0];
    }

    private static string NonceOf(HttpResponseMessage response)
    {
        var match = CspShape().Match(Single(response, "Content-Security-Policy", "response"));
        Assert.True(match.Success);
        Assert.Equal(match.Groups["script"].Value, match.Groups["style"].Value);
        return match.Groups["script"].Value;
    }

    [Fact]
    public async Task Every_kind_of_response_carries_the_headers()
    {
        var anonymous = _app.CreateBrowserlessClient();
        var urls = (await PublicPagesAsync()).Concat(["/no-such-page-here", "/feed", "/feed/atom", "/sitemap.xml", "/css/site.css", "/favicon.svg", "/admin"]);
        foreach (var url in urls)
        {
            using var response = await anonymous.GetAsync(url);
            Assert.True((int)response.StatusCode < 500, $"{url} answered {(int)response.StatusCode}");
            AssertSecurityHeaders(response, url);
        }

        using (var missing = await anonymous.GetAsync("/no-such-page-here"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        using (var redirect = await anonymous.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        }
        using (var css = await anonymous.GetAsync("/css/site.css"))
        {
            Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        }

        foreach (var url in new[] { "/admin", $"/admin/articles/{_article.Id}", "/admin/comments" })
        {
            using var response = await _admin.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            AssertSecurityHeaders(response, url);
        }
    }

    [Fact]
    public async Task The_nonce_is_fresh_per_request_and_on_every_inline_script()
    {
        var client = _app.CreateBrowserlessClient();
        var articleUrl = ArticleLinks.Url(_article.PublishedAt!.Value, _article.Slug);
        var nonces = new HashSet<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync(articleUrl);
            var nonce = NonceOf(response);
            Assert.True(Convert.FromBase64String(nonce).Length >= 16, "a nonce of at least 128 bits");
            Assert.True(nonces.Add(nonce), "the same nonce twice");

            var document = await response.ParseAsync();
            var inline = document.QuerySelectorAll("script:not([src]), style").ToList();
            Assert.NotEmpty(inline); // the JSON-LD blocks of an article
            Assert.All(inline, element => Assert.Equal(nonce, element.GetAttribute("nonce")));
        }
    }

    [Fact]
    public async Task No_page_has_an_inline_script_or_style_without_the_nonce_or_a_style_attribute()
    {
        var anonymous = _app.CreateBrowserlessClient();
        var pages = (await PublicPagesAsync()).Select(url => (anonymous, url))
            .Append((anonymous, "/no-such-page-here"))
            .Concat(new[] { "/admin", "/admin/articles", $"/admin/articles/{_article.Id}", "/admin/comments", "/admin/comments?status=approved", "/admin/taxonomy", "/admin/media", "/admin/profile" }
                .Select(url => (_admin, url)));
        foreach (var (client, url) in pages)
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode}");
            var nonce = NonceOf(response);
            var document = await response.ParseAsync();
            AssertNoUnsafeInlineContent(document, nonce, url);
        }
    }

    private static void AssertNoUnsafeInlineContent(IDocument document, string nonce, string url)
    {
        foreach (var element in document.QuerySelectorAll("script:not([src]), style"))
        {
            Assert.True(element.GetAttribute("nonce") == nonce, $"{url}: an inline <{element.LocalName}> without the request's nonce");
        }
        var styled = document.QuerySelectorAll("[style]").Select(e => e.LocalName).ToList();
        Assert.True(styled.Count == 0, $"{url}: style attributes on {string.Join(", ", styled)}");
        var handlers = document.All.SelectMany(e => e.Attributes).Where(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)).Select(a => a.Name).ToList();
        Assert.True(handlers.Count == 0, $"{url}: inline event handlers {string.Join(", ", handlers)}");
        var scriptUrls = document.QuerySelectorAll("[href], [src], [action]")
            .SelectMany(e => new[] { e.GetAttribute("href"), e.GetAttribute("src"), e.GetAttribute("action") })
            .Where(v => v is not null && v.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(scriptUrls.Count == 0, $"{url}: javascript: URLs");
    }

    [Fact]
    public async Task Hsts_only_over_https_and_cookies_are_flagged()
    {
        using (var plain = await _app.CreateBrowserlessClient().GetAsync("/"))
        {
            Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
        }

        var https = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        foreach (var url in new[] { "/", "/css/site.css", "/no-such-page-here" })
        {
            using var response = await https.GetAsync(url);
            Assert.Equal("max-age=31536000", Single(response, "Strict-Transport-Security", url));
        }

        // Antiforgery cookie from the login form; over HTTPS it is Secure.
        using (var login = await https.GetAsync("/account/login"))
        {
            var antiforgery = Cookies(login).Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
            AssertFlags(antiforgery, "strict");
        }
        using (var login = await _app.CreateBrowserlessClient().GetAsync("/account/login"))
        {
            var antiforgery = Cookies(login).Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
            Assert.DoesNotContain("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        }

        // The sign-in cookie.
        var user = await _app.CreateUserAsync(Roles.Author);
        using (var signIn = await https.SubmitFormAsync("/account/login", "main form",
            new Dictionary<string, string> { ["Input.Login"] = user.Email!, ["Input.Password"] = Staff.Password }))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            AssertFlags(Cookies(signIn).Single(c => c.StartsWith(IdentityRegistration.CookieName + "=", StringComparison.Ordinal)), "lax");
        }

        // The commenter cookies (pending comment, saved details).
        var visitor = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using (var posted = await visitor.PostCommentAsync(ArticleLinks.Url(_article.PublishedAt!.Value, _article.Slug),
            Html.CommentFields("Cookie Tester", "cookie@example.org", "Checking my cookies, nothing more.", save: true)))
        {
            Assert.True(posted.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"comment POST answered {(int)posted.StatusCode}");
            var cookies = Cookies(posted);
            Assert.Contains(cookies, c => c.StartsWith("byline_", StringComparison.Ordinal));
            Assert.All(cookies.Where(c => c.StartsWith("byline_", StringComparison.Ordinal)), c => AssertFlags(c, "lax"));
        }
    }

    private static List<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];

    private static void AssertFlags(string cookie, string sameSite)
    {
        var parts = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(p => p.ToLowerInvariant()).ToList();
        Assert.True(parts.Contains("httponly"), $"not HttpOnly: {cookie[..cookie.IndexOf('=', StringComparison.Ordinal)]}");
        Assert.True(parts.Contains("secure"), $"not Secure over HTTPS: {cookie[..cookie.IndexOf('=', StringComparison.Ordinal)]}");
        Assert.Contains($"samesite={sameSite}", parts);
    }

    [GeneratedRegex(@"^default-src 'self'; script-src 'self' 'nonce-(?<script>[A-Za-z0-9+/=]{22,})'; style-src 'self' 'nonce-(?<style>[A-Za-z0-9+/=]{22,})'; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'$")]
    private static partial Regex CspShape();
}

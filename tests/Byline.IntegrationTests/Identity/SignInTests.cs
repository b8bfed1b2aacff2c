using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Identity;

public sealed class SignInTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();

    public async Task InitializeAsync() => await _app.CreateUserAsync(Roles.Administrator, "first-admin@example.org");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_login_page_and_come_back_after_signing_in()
    {
        var client = _app.CreateBrowserlessClient();
        using var admin = await client.GetAsync("/admin?from=bookmark");
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Equal("/account/login", admin.Headers.Location!.AbsolutePath);
        var returnUrl = Uri.UnescapeDataString(admin.Headers.Location.Query.Split("ReturnUrl=")[1]);
        Assert.Equal("/admin?from=bookmark", returnUrl);

        var user = await _app.CreateUserAsync(Roles.Editor);
        using var login = await client.SubmitFormAsync($"/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", "main form",
            new Dictionary<string, string> { ["Input.Login"] = user.Email!, ["Input.Password"] = Staff.Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(returnUrl, login.Headers.Location!.OriginalString);

        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(IdentityRegistration.CookieName, StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        var dashboard = await client.GetDocumentAsync("/admin");
        Assert.Equal("Dashboard", dashboard.QuerySelector("h1")!.Text());

        // The key that protects the cookie is in the database, where every node finds it.
        Assert.True(await _app.WithDbAsync(db => db.DataProtectionKeys.AnyAsync()));
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example/phish")]
    [InlineData("javascript:alert(1)")]
    public async Task The_return_address_is_only_followed_when_it_is_local(string returnUrl)
    {
        var client = _app.CreateBrowserlessClient();
        using var login = await client.SubmitFormAsync($"/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", "main form",
            new Dictionary<string, string> { ["Input.Login"] = "first-admin@example.org", ["Input.Password"] = Staff.Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/admin", login.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_five_lock_the_account_even_against_the_right_one()
    {
        var user = await _app.CreateUserAsync(Roles.Author);
        var client = _app.CreateBrowserlessClient();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await client.SubmitFormAsync("/account/login", "main form",
                new Dictionary<string, string> { ["Input.Login"] = user.Email!, ["Input.Password"] = "not the password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains("wrong", (await wrong.ParseAsync()).QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        }
        using var fifth = await client.SubmitFormAsync("/account/login", "main form",
            new Dictionary<string, string> { ["Input.Login"] = user.Email!, ["Input.Password"] = "still not it" });
        Assert.Equal(HttpStatusCode.TooManyRequests, fifth.StatusCode);

        using var right = await client.SubmitFormAsync("/account/login", "main form",
            new Dictionary<string, string> { ["Input.Login"] = user.Email!, ["Input.Password"] = Staff.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Contains("locked", (await right.ParseAsync()).QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);

        // Identity keeps the lock on the wall clock, not the app's: fifteen minutes from now.
        var lockedUntil = await _app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.LockoutEnd).SingleAsync());
        Assert.InRange(lockedUntil!.Value, DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(16));
    }

    [Fact]
    public async Task A_burst_of_failed_sign_ins_from_one_address_is_refused_across_accounts_but_not_other_addresses()
    {
        // One address tries a common password against many accounts: the per-account lockout never trips.
        await using var app = new BylineAppFactory
        {
            Settings = { ["Byline:Proxy:KnownProxies:0"] = "127.0.0.1", ["Byline:SignIn:FailuresPerAddress"] = "6" },
        };
        var victim = await app.CreateUserAsync(Roles.Editor);
        var attacker = ClientFrom(app, "203.0.113.66");
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            using var wrong = await attacker.SubmitFormAsync("/account/login", "main form",
                new Dictionary<string, string> { ["Input.Login"] = $"user{attempt}@example.org", ["Input.Password"] = "Summer2026!" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using var refused = await attacker.SubmitFormAsync("/account/login", "main form",
            new Dictionary<string, string> { ["Input.Login"] = victim.Email!, ["Input.Password"] = Staff.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("900", refused.Headers.RetryAfter!.ToString());
        Assert.Contains("Too many failed sign-ins from your network", (await refused.ParseAsync()).QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        // The form keeps what was typed, except the password.
        Assert.Equal(victim.Email, (await refused.ParseAsync()).QuerySelector("#Input_Login")!.GetAttribute("value"));

        // The account itself is not locked: from another address its owner signs in.
        using var owner = await ClientFrom(app, "198.51.100.7").SubmitFormAsync("/account/login", "main form",
            new Dictionary<string, string> { ["Input.Login"] = victim.Email!, ["Input.Password"] = Staff.Password });
        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Users.Where(u => u.Id == victim.Id).Select(u => u.LockoutEnd).SingleAsync()));
    }

    private static HttpClient ClientFrom(BylineAppFactory app, string address) =>
        app.CreateDefaultClient(new Uri("http://localhost"), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(), new ForwardedFor(address));

    private sealed class ForwardedFor(string address) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add("X-Forwarded-For", address);
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task Unknown_accounts_get_the_same_answer_as_wrong_passwords()
    {
        var client = _app.CreateBrowserlessClient();
        using var response = await client.SubmitFormAsync("/account/login", "main form",
            new Dictionary<string, string> { ["Input.Login"] = "nobody@example.org", ["Input.Password"] = "whatever123" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("The e-mail address, user name or password is wrong.", (await response.ParseAsync()).QuerySelector(".form-errors li")!.Text());
    }

    [Fact]
    public async Task An_empty_login_form_gets_400_and_says_what_is_missing()
    {
        var client = _app.CreateBrowserlessClient();
        using var response = await client.SubmitFormAsync("/account/login", "main form",
            new Dictionary<string, string> { ["Input.Login"] = "", ["Input.Password"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("Enter your password.", page.QuerySelector("main")!.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logging_out_needs_the_form_token_and_ends_the_session()
    {
        var (client, _) = await _app.SignedInAsync(Roles.Editor);
        using var forged = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using (var stillIn = await client.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        }

        using var logout = await client.SubmitFormAsync("/admin", ".admin-user form");
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        using var after = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task A_role_without_the_right_gets_403_not_the_page()
    {
        var (contributor, _) = await _app.SignedInAsync(Roles.Contributor);
        var dashboard = await contributor.GetDocumentAsync("/admin");
        Assert.Null(dashboard.QuerySelector("a[href='/admin/users']"));
        Assert.Null(dashboard.QuerySelector("a[href='/admin/comments?status=pending']"));

        var (administrator, _) = await _app.SignedInAsync(Roles.Administrator);
        var adminDashboard = await administrator.GetDocumentAsync("/admin");
        Assert.NotNull(adminDashboard.QuerySelector("a[href='/admin/users']"));
        Assert.NotNull(adminDashboard.QuerySelector("a[href='/admin/comments?status=pending']"));
    }
}

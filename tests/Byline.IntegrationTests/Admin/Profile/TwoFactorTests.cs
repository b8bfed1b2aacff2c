using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Admin.Profile;

public sealed class TwoFactorTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();

    public async Task InitializeAsync() => await _app.CreateUserAsync(Roles.Administrator);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void The_test_authenticator_matches_the_RFC_6238_test_vectors()
    {
        // RFC 6238 appendix B, SHA-1, key "12345678901234567890" (Base32 below), last six digits.
        const string key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        Assert.Equal("287082", Totp.Code(key, DateTimeOffset.FromUnixTimeSeconds(59)));
        Assert.Equal("081804", Totp.Code(key, DateTimeOffset.FromUnixTimeSeconds(1111111109)));
        Assert.Equal("353130", Totp.Code(key, DateTimeOffset.FromUnixTimeSeconds(20000000000)));
    }

    [Fact]
    public async Task Enabling_needs_a_code_then_sign_in_needs_one_a_recovery_code_works_once_and_it_can_be_turned_off()
    {
        var (client, user) = await _app.SignedInAsync(Roles.Author);
        var page = await client.GetDocumentAsync("/admin/profile/two-factor");
        Assert.Contains("off", page.QuerySelector(".two-factor-status")!.Text(), StringComparison.Ordinal);

        using (var start = await client.SubmitFormAsync("/admin/profile/two-factor", "form.start-form"))
        {
            Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        }
        var setup = await client.GetDocumentAsync("/admin/profile/two-factor");
        var shownKey = setup.QuerySelector(".shared-key")!.Text();
        Assert.Matches("^([a-z2-7]{4} )+[a-z2-7]{1,4}$", shownKey);
        var key = shownKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var uri = setup.QuerySelector("a.key-uri")!.GetAttribute("href")!;
        Assert.StartsWith("otpauth://totp/", uri, StringComparison.Ordinal);
        Assert.Contains($"secret={key}", uri, StringComparison.Ordinal);
        var qr = setup.QuerySelector("img.qr-code")!;
        Assert.StartsWith("data:image/svg+xml;base64,", qr.GetAttribute("src"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(qr.GetAttribute("alt")));

        // A wrong code does not turn it on.
        using (var wrong = await client.SubmitFormAsync("/admin/profile/two-factor", "form.enable-form",
                   new Dictionary<string, string> { ["Code"] = WrongCode(key) }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("does not match", (await wrong.ParseAsync()).QuerySelector("main")!.Text(), StringComparison.Ordinal);
        }
        Assert.False(await TwoFactorEnabledAsync(user.Id));

        // Identity's authenticator checks codes against the wall clock, not the app's TimeProvider.
        using var enable = await client.SubmitFormAsync("/admin/profile/two-factor", "form.enable-form",
            new Dictionary<string, string> { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        Assert.Contains("no-store", enable.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var codes = (await enable.ParseAsync()).QuerySelectorAll(".recovery-codes code").Select(c => c.Text()).ToList();
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.True(await TwoFactorEnabledAsync(user.Id));

        // Shown once: a later visit shows how many are left, not the codes.
        var later = await client.GetDocumentAsync("/admin/profile/two-factor");
        Assert.Null(later.QuerySelector(".recovery-codes"));
        Assert.Equal("10", later.QuerySelector(".codes-left")!.Text());
        // Enabling kept this browser signed in, past the next session check.
        _app.Clock.Advance(IdentityRegistration.SessionCheckInterval + TimeSpan.FromSeconds(1));
        using (var stillIn = await client.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        }

        // Signing in now needs a second step.
        var phone = _app.CreateBrowserlessClient();
        using (var first = await LogInAsync(phone, user.Email!))
        {
            Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
            Assert.StartsWith("/account/login/two-factor", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        using (var notYet = await phone.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.Redirect, notYet.StatusCode);
        }
        using (var second = await phone.SubmitFormAsync("/account/login/two-factor", "main form",
                   new Dictionary<string, string> { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)) }))
        {
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        }
        using (var inside = await phone.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        }

        // A recovery code signs in once.
        foreach (var expected in new[] { HttpStatusCode.Redirect, HttpStatusCode.Unauthorized })
        {
            var laptop = _app.CreateBrowserlessClient();
            using (await LogInAsync(laptop, user.Email!))
            {
            }
            using var recovery = await laptop.SubmitFormAsync("/account/login/two-factor", "main form",
                new Dictionary<string, string> { ["Code"] = codes[3] });
            Assert.Equal(expected, recovery.StatusCode);
        }
        Assert.Equal("9", (await client.GetDocumentAsync("/admin/profile/two-factor")).QuerySelector(".codes-left")!.Text());

        // New recovery codes replace the old ones.
        using (var regenerate = await client.SubmitFormAsync("/admin/profile/two-factor", "form.recovery-codes-form"))
        {
            var fresh = (await regenerate.ParseAsync()).QuerySelectorAll(".recovery-codes code").Select(c => c.Text()).ToList();
            Assert.Equal(10, fresh.Count);
            Assert.Empty(fresh.Intersect(codes));
        }
        var tablet = _app.CreateBrowserlessClient();
        using (await LogInAsync(tablet, user.Email!))
        {
        }
        using (var oldCode = await tablet.SubmitFormAsync("/account/login/two-factor", "main form", new Dictionary<string, string> { ["Code"] = codes[5] }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, oldCode.StatusCode);
        }

        // Turning it off needs the password.
        using (var noPassword = await client.SubmitFormAsync("/admin/profile/two-factor", "form.disable-form",
                   new Dictionary<string, string> { ["Password"] = "not my password" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noPassword.StatusCode);
        }
        Assert.True(await TwoFactorEnabledAsync(user.Id));
        using (var disable = await client.SubmitFormAsync("/admin/profile/two-factor", "form.disable-form",
                   new Dictionary<string, string> { ["Password"] = Staff.Password }))
        {
            Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        }
        Assert.False(await TwoFactorEnabledAsync(user.Id));
        await _app.CreateBrowserlessClient().SignInAsync(user.Email!, Staff.Password);

        // The old key is gone: setting up again shows a new one.
        using (await client.SubmitFormAsync("/admin/profile/two-factor", "form.start-form"))
        {
        }
        var again = await client.GetDocumentAsync("/admin/profile/two-factor");
        Assert.NotEqual(key, again.QuerySelector(".shared-key")!.Text().Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());

        var actions = await _app.WithDbAsync(db => db.AuditEntries.Select(e => e.Action).ToListAsync());
        Assert.Contains("profile.2fa-enable", actions);
        Assert.Contains("profile.2fa-recovery-codes", actions);
        Assert.Contains("profile.2fa-disable", actions);
    }

    [Fact]
    public async Task Two_factor_posts_need_the_form_token()
    {
        var (client, user) = await _app.SignedInAsync(Roles.Editor);
        using var start = await client.PostAsync("/admin/profile/two-factor?handler=Start", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, start.StatusCode);
        Assert.False(await _app.WithDbAsync(db => db.UserTokens.AnyAsync(t => t.UserId == user.Id)));
    }

    private static Task<HttpResponseMessage> LogInAsync(HttpClient client, string email) =>
        client.SubmitFormAsync("/account/login", "main form",
            new Dictionary<string, string> { ["Input.Login"] = email, ["Input.Password"] = Staff.Password });

    /// <summary>A six-digit code that is none of the codes Identity accepts around now.</summary>
    private static string WrongCode(string key)
    {
        var valid = Enumerable.Range(-3, 7).Select(i => Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30 * i))).ToHashSet();
        return Enumerable.Range(0, 100).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !valid.Contains(c));
    }

    private Task<bool> TwoFactorEnabledAsync(int userId) =>
        _app.WithDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.TwoFactorEnabled).SingleAsync());
}

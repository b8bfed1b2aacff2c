using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Byline.IntegrationTests.Admin.Profile;

public sealed class ProfileTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();

    public async Task InitializeAsync() => await _app.CreateUserAsync(Roles.Administrator);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Profile_changes_show_on_the_public_author_page_and_the_old_address_redirects()
    {
        var (client, user) = await _app.SignedInAsync(Roles.Contributor);
        var oldSlug = await SlugOfAsync(user);
        using var save = await client.SubmitFormAsync("/admin/profile", "form.profile-form", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Amara Quill",
            ["Input.Slug"] = "amara-quill",
            ["Input.Bio"] = "Covers the night shift.\r\nLikes <b>bold</b> claims.",
            ["Input.AvatarUrl"] = "/media/2026/11/amara.jpg",
        });
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);

        var visitor = _app.CreateBrowserlessClient();
        var page = await visitor.GetDocumentAsync("/author/amara-quill");
        Assert.Equal("Amara Quill", page.QuerySelector("h1")!.Text());
        var bio = page.QuerySelectorAll(".bio").Select(p => p.Text()).ToList();
        Assert.Equal(["Covers the night shift.", "Likes <b>bold</b> claims."], bio);
        var avatar = page.QuerySelector("img.avatar")!;
        Assert.Equal("/media/2026/11/amara.jpg", avatar.GetAttribute("src"));
        Assert.Equal("Amara Quill", avatar.GetAttribute("alt"));
        Assert.NotNull(avatar.GetAttribute("width"));
        Assert.NotNull(avatar.GetAttribute("height"));

        using var old = await visitor.GetAsync($"/author/{oldSlug}");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal("/author/amara-quill", old.Headers.Location!.OriginalString);
        var redirect = await _app.WithDbAsync(db => db.Redirects.SingleAsync());
        Assert.Equal($"/author/{oldSlug}", redirect.FromPath);
        Assert.Equal("/author/amara-quill", redirect.ToPath);

        // A second move points the first old address straight at the newest: no chains.
        using (await client.SubmitFormAsync("/admin/profile", "form.profile-form", new Dictionary<string, string> { ["Input.Slug"] = "amara" }))
        {
        }
        var redirects = await _app.WithDbAsync(db => db.Redirects.OrderBy(r => r.Id).Select(r => new { r.FromPath, r.ToPath }).ToListAsync());
        Assert.All(redirects, r => Assert.Equal("/author/amara", r.ToPath));
        Assert.Equal(2, redirects.Count);
        // Moving back frees the address from its redirect.
        using (await client.SubmitFormAsync("/admin/profile", "form.profile-form", new Dictionary<string, string> { ["Input.Slug"] = "amara-quill" }))
        {
        }
        Assert.Equal("Amara Quill", (await visitor.GetDocumentAsync("/author/amara-quill")).QuerySelector("h1")!.Text());
        Assert.False(await _app.WithDbAsync(db => db.Redirects.AnyAsync(r => r.FromPath == "/author/amara-quill")));

        var audit = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "profile.update").OrderBy(e => e.Id).FirstAsync());
        Assert.Contains("display name", audit.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("@", audit.Subject + audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_taken_author_address_or_email_gets_400_and_nothing_changes()
    {
        var other = await _app.CreateUserAsync(Roles.Author, name: "Taken Name");
        var otherSlug = await SlugOfAsync(other);
        var (client, user) = await _app.SignedInAsync(Roles.Editor);
        var slug = await SlugOfAsync(user);

        using (var slugTaken = await client.SubmitFormAsync("/admin/profile", "form.profile-form", new Dictionary<string, string>
               {
                   ["Input.DisplayName"] = "Should Not Stick",
                   ["Input.Slug"] = otherSlug,
               }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, slugTaken.StatusCode);
            var page = await slugTaken.ParseAsync();
            Assert.Contains("belongs to another author", page.QuerySelector("[data-valmsg-for='Input.Slug']")!.Text(), StringComparison.Ordinal);
            // What was typed is kept for correcting.
            Assert.Equal("Should Not Stick", page.QuerySelector("#Input_DisplayName")!.GetAttribute("value"));
        }
        using (var emailTaken = await client.SubmitFormAsync("/admin/profile", "form.profile-form", new Dictionary<string, string>
               {
                   ["Input.DisplayName"] = "Should Not Stick",
                   ["Input.Email"] = other.Email!.ToUpperInvariant(),
               }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, emailTaken.StatusCode);
            Assert.Contains("Another account uses that e-mail address.", (await emailTaken.ParseAsync()).QuerySelector("main")!.Text(), StringComparison.Ordinal);
        }
        var stored = await _app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id)
            .Select(u => new { u.Email, u.Author.DisplayName, u.Author.Slug }).SingleAsync());
        Assert.Equal(user.Email, stored.Email);
        Assert.Equal("Editor Tester", stored.DisplayName);
        Assert.Equal(slug, stored.Slug);
        Assert.False(await _app.WithDbAsync(db => db.Redirects.AnyAsync()));
    }

    [Theory]
    [InlineData("Input.AvatarUrl", "javascript:alert(1)", "media-library path")]
    [InlineData("Input.AvatarUrl", "http://insecure.example/me.jpg", "media-library path")]
    [InlineData("Input.AvatarUrl", "/media/../appsettings.json", "media-library path")]
    [InlineData("Input.AvatarUrl", "//evil.example/me.jpg", "media-library path")]
    [InlineData("Input.Slug", "Not A Slug", "lower-case letters")]
    [InlineData("Input.Email", "nobody", "not an e-mail address")]
    [InlineData("Input.DisplayName", "", "Enter the name")]
    public async Task Bad_profile_input_gets_400_with_the_reason(string field, string value, string message)
    {
        var (client, user) = await _app.SignedInAsync(Roles.Author);
        using var response = await client.SubmitFormAsync("/admin/profile", "form.profile-form", new Dictionary<string, string> { [field] = value });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.ParseAsync()).QuerySelector($"[data-valmsg-for='{field}']")!.Text(), StringComparison.Ordinal);
        Assert.Null(await _app.WithDbAsync(db => db.Authors.Where(a => a.Id == user.AuthorId).Select(a => a.AvatarUrl).SingleAsync()));
    }

    [Fact]
    public async Task A_bio_over_2000_characters_is_refused_and_one_of_2000_with_windows_line_ends_is_kept()
    {
        var (client, user) = await _app.SignedInAsync(Roles.Author);
        using (var tooLong = await client.SubmitFormAsync("/admin/profile", "form.profile-form",
                   new Dictionary<string, string> { ["Input.Bio"] = new string('x', 2001) }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        }
        var lines = string.Join("\r\n", Enumerable.Repeat(new string('y', 99), 20));
        Assert.Equal(2018, lines.Length);
        using (var fits = await client.SubmitFormAsync("/admin/profile", "form.profile-form", new Dictionary<string, string> { ["Input.Bio"] = lines }))
        {
            Assert.Equal(HttpStatusCode.Redirect, fits.StatusCode);
        }
        var bio = await _app.WithDbAsync(db => db.Authors.Where(a => a.Id == user.AuthorId).Select(a => a.Bio).SingleAsync());
        Assert.Equal(1999, bio!.Length);
    }

    [Fact]
    public async Task A_new_email_address_signs_in_and_follows_into_a_user_name_that_was_the_old_one()
    {
        var (client, user) = await _app.SignedInAsync(Roles.Author);
        using (var save = await client.SubmitFormAsync("/admin/profile", "form.profile-form",
                   new Dictionary<string, string> { ["Input.Email"] = "moved@example.org" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        }
        await _app.CreateBrowserlessClient().SignInAsync("moved@example.org", Staff.Password);
        Assert.Equal("moved@example.org", await _app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.UserName).SingleAsync()));
        // This browser stays signed in.
        using var admin = await client.GetAsync("/admin/profile");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_ends_other_sessions()
    {
        var (client, user) = await _app.SignedInAsync(Roles.Contributor);
        var otherDevice = _app.CreateBrowserlessClient();
        await otherDevice.SignInAsync(user.Email!, Staff.Password);

        using (var wrong = await client.SubmitFormAsync("/admin/profile/password", "form.password-form", new Dictionary<string, string>
               {
                   ["Input.CurrentPassword"] = "not the password", ["Input.NewPassword"] = "a brand new passphrase", ["Input.ConfirmPassword"] = "a brand new passphrase",
               }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("not your current password", (await wrong.ParseAsync()).QuerySelector("main")!.Text(), StringComparison.Ordinal);
        }
        using (var mismatch = await client.SubmitFormAsync("/admin/profile/password", "form.password-form", new Dictionary<string, string>
               {
                   ["Input.CurrentPassword"] = Staff.Password, ["Input.NewPassword"] = "a brand new passphrase", ["Input.ConfirmPassword"] = "a brand new passphrasf",
               }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        }
        using (var weak = await client.SubmitFormAsync("/admin/profile/password", "form.password-form", new Dictionary<string, string>
               {
                   ["Input.CurrentPassword"] = Staff.Password, ["Input.NewPassword"] = "aaaaaaaaaaaa", ["Input.ConfirmPassword"] = "aaaaaaaaaaaa",
               }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
            Assert.Contains("different characters", (await weak.ParseAsync()).QuerySelector("main")!.Text(), StringComparison.Ordinal);
        }
        await _app.CreateBrowserlessClient().SignInAsync(user.Email!, Staff.Password);

        using (var change = await client.SubmitFormAsync("/admin/profile/password", "form.password-form", new Dictionary<string, string>
               {
                   ["Input.CurrentPassword"] = Staff.Password, ["Input.NewPassword"] = "a brand new passphrase", ["Input.ConfirmPassword"] = "a brand new passphrase",
               }))
        {
            Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        }
        await _app.CreateBrowserlessClient().SignInAsync(user.Email!, "a brand new passphrase");
        using (var oldPassword = await _app.CreateBrowserlessClient().SubmitFormAsync("/account/login", "main form",
                   new Dictionary<string, string> { ["Input.Login"] = user.Email!, ["Input.Password"] = Staff.Password }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        }

        _app.Clock.Advance(IdentityRegistration.SessionCheckInterval + TimeSpan.FromSeconds(1));
        using (var here = await client.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.OK, here.StatusCode);
        }
        using (var there = await otherDevice.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.Redirect, there.StatusCode);
        }
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "profile.password")));
    }

    [Fact]
    public async Task Logging_out_everywhere_ends_other_sessions_at_their_next_check_and_keeps_this_one()
    {
        var (laptop, user) = await _app.SignedInAsync(Roles.Editor);
        var phone = _app.CreateBrowserlessClient();
        await phone.SignInAsync(user.Email!, Staff.Password);

        using (var everywhere = await laptop.SubmitFormAsync("/admin/profile/sessions", "form.logout-everywhere-form"))
        {
            Assert.Equal(HttpStatusCode.Redirect, everywhere.StatusCode);
        }
        // Within the check interval the old cookie still works: the check is what ends it.
        using (var beforeCheck = await phone.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.OK, beforeCheck.StatusCode);
        }

        _app.Clock.Advance(IdentityRegistration.SessionCheckInterval + TimeSpan.FromSeconds(1));
        using (var rejected = await phone.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
            Assert.Equal("/account/login", rejected.Headers.Location!.AbsolutePath);
        }
        using (var kept = await laptop.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        }
        await phone.SignInAsync(user.Email!, Staff.Password);
        Assert.True(await _app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "profile.logout-everywhere" && e.UserId == user.Id)));
    }

    [Theory]
    [InlineData(Roles.Administrator)]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Author)]
    [InlineData(Roles.Contributor)]
    public async Task Every_role_reaches_its_own_profile_pages(string role)
    {
        var (client, user) = await _app.SignedInAsync(role);
        var profile = await client.GetDocumentAsync("/admin/profile");
        Assert.Equal(user.Email, profile.QuerySelector("#Input_Email")!.GetAttribute("value"));
        Assert.Equal($"{role} Tester", profile.QuerySelector("#Input_DisplayName")!.GetAttribute("value"));
        foreach (var url in new[] { "/admin/profile/password", "/admin/profile/two-factor", "/admin/profile/sessions" })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{role}: GET {url} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_login_page()
    {
        var client = _app.CreateBrowserlessClient();
        foreach (var url in new[] { "/admin/profile", "/admin/profile/password", "/admin/profile/two-factor", "/admin/profile/sessions" })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task Profile_posts_without_the_form_token_are_refused()
    {
        var (client, user) = await _app.SignedInAsync(Roles.Author);
        using var profile = await client.PostAsync("/admin/profile", new FormUrlEncodedContent(
            [new("Input.DisplayName", "Forged"), new("Input.Slug", "forged"), new("Input.Email", "forged@example.org")]));
        Assert.Equal(HttpStatusCode.BadRequest, profile.StatusCode);
        using var sessions = await client.PostAsync("/admin/profile/sessions", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, sessions.StatusCode);
        using var password = await client.PostAsync("/admin/profile/password", new FormUrlEncodedContent(
            [new("Input.CurrentPassword", Staff.Password), new("Input.NewPassword", "forged password 1"), new("Input.ConfirmPassword", "forged password 1")]));
        Assert.Equal(HttpStatusCode.BadRequest, password.StatusCode);
        Assert.Equal("Author Tester", await _app.WithDbAsync(db => db.Authors.Where(a => a.Id == user.AuthorId).Select(a => a.DisplayName).SingleAsync()));
        await _app.CreateBrowserlessClient().SignInAsync(user.Email!, Staff.Password);
    }

    private Task<string> SlugOfAsync(BylineUser user) =>
        _app.WithDbAsync(db => db.Authors.Where(a => a.Id == user.AuthorId).Select(a => a.Slug).SingleAsync());
}

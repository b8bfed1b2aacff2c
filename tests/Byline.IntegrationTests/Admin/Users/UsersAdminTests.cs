using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Admin.Users;

public sealed class UsersAdminTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();
    private HttpClient _admin = null!;
    private BylineUser _adminUser = null!;

    public async Task InitializeAsync() => (_admin, _adminUser) = await _app.SignedInAsync(Roles.Administrator);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_new_user_signs_in_with_the_password_shown_once_and_has_exactly_that_role()
    {
        using var response = await _admin.SubmitFormAsync("/admin/users/new", "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = "new.editor@example.org",
            ["Input.DisplayName"] = "Nadia Editor",
            ["Input.Role"] = Roles.Editor,
            ["Input.Password"] = "",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var page = await response.ParseAsync();
        var password = page.QuerySelector(".generated-password")!.Text();
        Assert.Equal(20, password.Length);
        Assert.Contains("nadia-editor", page.QuerySelector("main")!.Text(), StringComparison.Ordinal);

        var client = _app.CreateBrowserlessClient();
        await client.SignInAsync("nadia-editor", password);
        var roles = await RolesOfAsync("new.editor@example.org");
        Assert.Equal([Roles.Editor], roles);
        using (var users = await client.GetAsync("/admin/users"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, users.StatusCode);
        }

        // The password is never stored or logged in clear: the audit log names the account, not the secret.
        var audit = await _app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "user.create").SingleAsync());
        Assert.Contains("nadia-editor", audit.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain(password, audit.Subject + audit.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("@", audit.Subject, StringComparison.Ordinal);

        // The list shows the new account with its role.
        var list = await _admin.GetDocumentAsync("/admin/users");
        var row = list.QuerySelectorAll("tbody tr").Single(r => r.Text().Contains("Nadia Editor", StringComparison.Ordinal));
        Assert.Equal(Roles.Editor, row.QuerySelector(".role")!.Text());
        Assert.Equal("No", row.QuerySelector(".locked")!.Text());
        Assert.Equal("Off", row.QuerySelector(".two-factor")!.Text());
    }

    [Fact]
    public async Task A_typed_password_is_used_and_not_shown_back()
    {
        using var response = await _admin.SubmitFormAsync("/admin/users/new", "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = "typed@example.org",
            ["Input.DisplayName"] = "Typed Password",
            ["Input.UserName"] = "typist",
            ["Input.Role"] = Roles.Contributor,
            ["Input.Password"] = "a long typed passphrase",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Null(page.QuerySelector(".generated-password"));
        Assert.DoesNotContain("a long typed passphrase", page.DocumentElement.OuterHtml, StringComparison.Ordinal);

        var client = _app.CreateBrowserlessClient();
        await client.SignInAsync("typist", "a long typed passphrase");
        Assert.Equal([Roles.Contributor], await RolesOfAsync("typed@example.org"));
    }

    [Theory]
    [InlineData("not-an-address", "Someone", "Author", "", "That is not an e-mail address.")]
    [InlineData("short@example.org", "Someone", "Author", "short", "at least 10 characters")]
    [InlineData("role@example.org", "Someone", "Overlord", "", "Choose one of the four roles.")]
    [InlineData("noname@example.org", "", "Author", "", "Enter the name shown on bylines.")]
    public async Task Bad_input_gets_400_with_the_reason_and_creates_nothing(string email, string name, string role, string password, string message)
    {
        var before = await _app.WithDbAsync(db => db.Users.CountAsync());
        using var response = await _admin.SubmitFormAsync("/admin/users/new", "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.DisplayName"] = name, ["Input.Role"] = role, ["Input.Password"] = password,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.ParseAsync()).QuerySelector("main")!.Text(), StringComparison.Ordinal);
        Assert.Equal(before, await _app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_duplicate_email_address_is_refused()
    {
        var existing = await _app.CreateUserAsync(Roles.Author);
        var before = await _app.WithDbAsync(db => db.Authors.CountAsync());
        using var response = await _admin.SubmitFormAsync("/admin/users/new", "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = existing.Email!, ["Input.DisplayName"] = "Copycat", ["Input.Role"] = Roles.Author,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is already taken", (await response.ParseAsync()).QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        // The author profile made alongside was rolled back too.
        Assert.Equal(before, await _app.WithDbAsync(db => db.Authors.CountAsync()));
    }

    [Fact]
    public async Task A_role_change_reaches_the_users_open_session_within_a_minute()
    {
        var (client, user) = await _app.SignedInAsync(Roles.Author);
        using (var before = await client.GetAsync("/admin/users"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        }
        using var change = await _admin.SubmitFormAsync($"/admin/users/{user.Id}", "form.role-form",
            new Dictionary<string, string> { ["Role"] = Roles.Administrator });
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        Assert.Equal([Roles.Administrator], await RolesOfAsync(user.Email!));

        _app.Clock.Advance(IdentityRegistration.SessionCheckInterval + TimeSpan.FromSeconds(1));
        using var after = await client.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains(await _app.WithDbAsync(db => db.AuditEntries.Select(e => e.Action).ToListAsync()), a => a == "user.role");
    }

    [Fact]
    public async Task A_locked_account_loses_its_session_and_cannot_sign_in_until_unlocked()
    {
        var (client, user) = await _app.SignedInAsync(Roles.Editor);
        using var locking = await _admin.SubmitFormAsync($"/admin/users/{user.Id}", "form.lock-form");
        Assert.Equal(HttpStatusCode.Redirect, locking.StatusCode);
        var manage = await _admin.GetDocumentAsync($"/admin/users/{user.Id}");
        Assert.Equal("Locked by an administrator", manage.QuerySelector(".status")!.Text());

        _app.Clock.Advance(IdentityRegistration.SessionCheckInterval + TimeSpan.FromSeconds(1));
        using (var rejected = await client.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
            Assert.Equal("/account/login", rejected.Headers.Location!.AbsolutePath);
        }
        using (var refused = await client.SubmitFormAsync("/account/login", "main form",
                   new Dictionary<string, string> { ["Input.Login"] = user.Email!, ["Input.Password"] = Staff.Password }))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        // A new password does not undo an administrator's lock.
        using (var reset = await _admin.SubmitFormAsync($"/admin/users/{user.Id}", "form.reset-form"))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }
        Assert.Equal("Locked by an administrator", (await _admin.GetDocumentAsync($"/admin/users/{user.Id}")).QuerySelector(".status")!.Text());

        using var unlock = await _admin.SubmitFormAsync($"/admin/users/{user.Id}", "form.unlock-form");
        Assert.Equal(HttpStatusCode.Redirect, unlock.StatusCode);
        var actions = await _app.WithDbAsync(db => db.AuditEntries.Select(e => e.Action).ToListAsync());
        Assert.Contains("user.lock", actions);
        Assert.Contains("user.unlock", actions);
    }

    [Fact]
    public async Task A_password_reset_is_shown_once_works_and_ends_the_old_sessions()
    {
        var (client, user) = await _app.SignedInAsync(Roles.Author);
        using var reset = await _admin.SubmitFormAsync($"/admin/users/{user.Id}", "form.reset-form");
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains("no-store", reset.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var password = (await reset.ParseAsync()).QuerySelector(".generated-password")!.Text();

        // Shown once: the page does not show it again.
        Assert.Null((await _admin.GetDocumentAsync($"/admin/users/{user.Id}")).QuerySelector(".generated-password"));

        _app.Clock.Advance(IdentityRegistration.SessionCheckInterval + TimeSpan.FromSeconds(1));
        using (var old = await client.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        }
        await _app.CreateBrowserlessClient().SignInAsync(user.Email!, password);
        var audit = await _app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "user.reset-password"));
        Assert.DoesNotContain(password, audit.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_an_account_keeps_the_author_page_and_articles()
    {
        var user = await _app.CreateUserAsync(Roles.Author, name: "Departing Writer");
        var author = await _app.WithDbAsync(db => db.Authors.SingleAsync(a => a.Id == user.AuthorId));
        var article = await new TestData(_app).ArticleAsync("Still here after the writer left", author: author);

        var confirm = await _admin.GetDocumentAsync($"/admin/users/{user.Id}/delete");
        Assert.Contains("What stays", confirm.QuerySelector("main")!.Text(), StringComparison.Ordinal);
        Assert.Contains("their article", confirm.QuerySelector("main")!.Text(), StringComparison.Ordinal);
        using var delete = await _admin.SubmitFormAsync($"/admin/users/{user.Id}/delete", "form.delete-form");
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);

        Assert.False(await _app.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == user.Id)));
        var authorPage = await _app.CreateClient().GetDocumentAsync($"/author/{author.Slug}");
        Assert.Equal("Departing Writer", authorPage.QuerySelector("h1")!.Text());
        Assert.Contains(article.Title, authorPage.QuerySelector("main")!.Text(), StringComparison.Ordinal);
        using var login = await _app.CreateBrowserlessClient().SubmitFormAsync("/account/login", "main form",
            new Dictionary<string, string> { ["Input.Login"] = user.Email!, ["Input.Password"] = Staff.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        using var gone = await _admin.GetAsync($"/admin/users/{user.Id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task The_last_administrator_cannot_be_demoted_locked_or_deleted_and_nobody_deletes_themselves()
    {
        using (var demote = await _admin.SubmitFormAsync($"/admin/users/{_adminUser.Id}", "form.role-form",
                   new Dictionary<string, string> { ["Role"] = Roles.Editor }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, demote.StatusCode);
            Assert.Contains("only administrator", (await demote.ParseAsync()).QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        }
        Assert.Equal([Roles.Administrator], await RolesOfAsync(_adminUser.Email!));

        // The own account has no lock or delete buttons; forged posts are refused too.
        var manage = await _admin.GetDocumentAsync($"/admin/users/{_adminUser.Id}");
        Assert.Null(manage.QuerySelector("form.lock-form"));
        var token = manage.QuerySelector("form.role-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using (var lockSelf = await _admin.PostAsync($"/admin/users/{_adminUser.Id}?handler=Lock",
                   new FormUrlEncodedContent([new("__RequestVerificationToken", token)])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, lockSelf.StatusCode);
        }
        using (var deleteSelf = await _admin.PostAsync($"/admin/users/{_adminUser.Id}/delete",
                   new FormUrlEncodedContent([new("__RequestVerificationToken", token)])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, deleteSelf.StatusCode);
            Assert.Contains("your own account", (await deleteSelf.ParseAsync()).QuerySelector(".form-errors")!.Text(), StringComparison.Ordinal);
        }

        // A second administrator who is locked does not count: the first still cannot step down.
        var second = await _app.CreateUserAsync(Roles.Administrator);
        using (var lockSecond = await _admin.SubmitFormAsync($"/admin/users/{second.Id}", "form.lock-form"))
        {
            Assert.Equal(HttpStatusCode.Redirect, lockSecond.StatusCode);
        }
        using (var demoteAgain = await _admin.SubmitFormAsync($"/admin/users/{_adminUser.Id}", "form.role-form",
                   new Dictionary<string, string> { ["Role"] = Roles.Editor }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, demoteAgain.StatusCode);
        }

        // Once the second can sign in again, the first may step down, and then the second is the last.
        using (await _admin.SubmitFormAsync($"/admin/users/{second.Id}", "form.unlock-form"))
        {
        }
        using (var stepDown = await _admin.SubmitFormAsync($"/admin/users/{_adminUser.Id}", "form.role-form",
                   new Dictionary<string, string> { ["Role"] = Roles.Editor }))
        {
            Assert.Equal(HttpStatusCode.Redirect, stepDown.StatusCode);
        }
        Assert.Equal([Roles.Editor], await RolesOfAsync(_adminUser.Email!));
        await using var scope = _app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var secondUser = (await accounts.FindAsync(second.Email!))!;
        Assert.False((await accounts.DeleteAsync(secondUser, actingUserId: _adminUser.Id)).Succeeded);
        Assert.False((await accounts.LockAsync(secondUser, actingUserId: _adminUser.Id)).Succeeded);
    }

    [Theory]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Author)]
    [InlineData(Roles.Contributor)]
    public async Task Only_administrators_reach_the_users_screen_even_by_post(string role)
    {
        var (client, _) = await _app.SignedInAsync(role);
        var target = await _app.CreateUserAsync(Roles.Contributor);
        foreach (var url in new[] { "/admin/users", "/admin/users/new", $"/admin/users/{target.Id}", $"/admin/users/{target.Id}/delete" })
        {
            using var get = await client.GetAsync(url);
            Assert.True(get.StatusCode == HttpStatusCode.Forbidden, $"GET {url} answered {(int)get.StatusCode}");
        }
        // A valid antiforgery token for this user (from the log-out form on the dashboard), so only the role stands in the way.
        var dashboard = await client.GetDocumentAsync("/admin");
        var token = dashboard.QuerySelector(".admin-user form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var posts = new (string Url, KeyValuePair<string, string>[] Fields)[]
        {
            ("/admin/users/new", [new("Input.Email", "sneaky@example.org"), new("Input.DisplayName", "Sneaky"), new("Input.Role", Roles.Administrator)]),
            ($"/admin/users/{target.Id}?handler=Role", [new("Role", Roles.Administrator)]),
            ($"/admin/users/{target.Id}?handler=ResetPassword", []),
            ($"/admin/users/{target.Id}?handler=Lock", []),
            ($"/admin/users/{target.Id}/delete", []),
        };
        foreach (var (url, fields) in posts)
        {
            using var post = await client.PostAsync(url, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
            Assert.True(post.StatusCode == HttpStatusCode.Forbidden, $"POST {url} answered {(int)post.StatusCode}");
        }
        Assert.False(await _app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "sneaky@example.org")));
        Assert.Equal([Roles.Contributor], await RolesOfAsync(target.Email!));
        Assert.True(await _app.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == target.Id && u.LockoutEnd == null)));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_the_login_page()
    {
        var client = _app.CreateBrowserlessClient();
        foreach (var url in new[] { "/admin/users", "/admin/users/new", $"/admin/users/{_adminUser.Id}" })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        }
        using var post = await client.PostAsync("/admin/users/new", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
    }

    [Fact]
    public async Task Posts_without_the_form_token_are_refused()
    {
        var target = await _app.CreateUserAsync(Roles.Author);
        using var create = await _admin.PostAsync("/admin/users/new", new FormUrlEncodedContent(
            [new("Input.Email", "forged@example.org"), new("Input.DisplayName", "Forged"), new("Input.Role", Roles.Administrator)]));
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        using var lockIt = await _admin.PostAsync($"/admin/users/{target.Id}?handler=Lock", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, lockIt.StatusCode);
        using var delete = await _admin.PostAsync($"/admin/users/{target.Id}/delete", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        Assert.False(await _app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "forged@example.org")));
        Assert.True(await _app.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == target.Id && u.LockoutEnd == null)));
    }

    [Fact]
    public async Task A_missing_account_is_404()
    {
        using var get = await _admin.GetAsync("/admin/users/99999");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        using var delete = await _admin.GetAsync("/admin/users/99999/delete");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    private async Task<string[]> RolesOfAsync(string email)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BylineUser>>();
        return [.. await users.GetRolesAsync((await users.FindByEmailAsync(email))!)];
    }
}

using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Identity;

public sealed class SetupTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static Dictionary<string, string> Fields(string password = "a long enough passphrase", string? confirm = null) => new()
    {
        ["Input.SiteTitle"] = "The Portvale Post",
        ["Input.DisplayName"] = "Ada Editor",
        ["Input.Email"] = "ada@example.org",
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = confirm ?? password,
    };

    [Fact]
    public async Task A_new_site_sends_the_first_visitor_to_setup_which_creates_an_administrator_once()
    {
        var client = _app.CreateBrowserlessClient();
        using (var admin = await client.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
            Assert.Equal("/account/setup", admin.Headers.Location!.OriginalString);
        }

        using var created = await client.SubmitFormAsync("/account/setup", "main form", Fields());
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/admin", created.Headers.Location!.OriginalString);

        // Signed in as the new administrator, with the site renamed.
        var dashboard = await client.GetDocumentAsync("/admin");
        Assert.Contains("Your site is ready", dashboard.QuerySelector("[role=status]")!.Text(), StringComparison.Ordinal);
        Assert.NotNull(dashboard.QuerySelector("a[href='/admin/settings']"));
        var home = await client.GetDocumentAsync("/");
        Assert.Equal("The Portvale Post", home.QuerySelector(".site-title")!.Text());

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BylineUser>>();
            var ada = await users.FindByEmailAsync("ada@example.org");
            Assert.True(await users.IsInRoleAsync(ada!, Roles.Administrator));
            Assert.DoesNotContain("a long enough passphrase", ada!.PasswordHash, StringComparison.Ordinal);
        }

        // The page is gone for good: a second visitor cannot make themselves an administrator.
        var stranger = _app.CreateBrowserlessClient();
        using var again = await stranger.GetAsync("/account/setup");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using var login = await stranger.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task A_second_visitor_submitting_setup_after_the_first_creates_nothing()
    {
        // Two visitors open the setup page; the first to submit wins, the second gets nothing.
        var first = _app.CreateBrowserlessClient();
        var second = _app.CreateBrowserlessClient();
        var secondForm = (await second.GetDocumentAsync("/account/setup")).QuerySelector("main form")!;
        using (var created = await first.SubmitFormAsync("/account/setup", "main form", Fields()))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }
        var late = Fields();
        late["Input.Email"] = "mallory@example.org";
        using var tooLate = await second.SubmitFormAsync(secondForm, "/account/setup", late);
        Assert.Equal(HttpStatusCode.NotFound, tooLate.StatusCode);
        Assert.Equal(1, await _app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Theory]
    [InlineData("short", "short", "at least 10 characters")]
    [InlineData("a long enough passphrase", "a different passphrase", "The two passwords differ.")]
    public async Task Bad_setup_input_is_explained_and_creates_nobody(string password, string confirm, string message)
    {
        var client = _app.CreateBrowserlessClient();
        using var response = await client.SubmitFormAsync("/account/setup", "main form", Fields(password, confirm));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.ParseAsync()).QuerySelector("main")!.Text(), StringComparison.Ordinal);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Users.CountAsync()));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Authors.CountAsync()));
    }
}

using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Identity;

public sealed class UsersCommandTests : IAsyncLifetime
{
    private readonly BylineAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await UsersCommand.RunAsync(_app.Services, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Create_list_set_role_and_reset_password_work_end_to_end()
    {
        var (exit, output, _) = await RunAsync("create", "sam@example.org", "--role", "editor", "--name", "Sam Desk");
        Assert.Equal(0, exit);
        var password = output.Split("Password: ")[1].Trim();
        Assert.Equal(20, password.Length);
        await _app.CreateBrowserlessClient().SignInAsync("sam@example.org", password);

        (exit, output, _) = await RunAsync("list");
        Assert.Equal(0, exit);
        Assert.Contains("sam@example.org", output, StringComparison.Ordinal);
        Assert.Contains("Editor", output, StringComparison.Ordinal);
        Assert.Contains("Sam Desk", output, StringComparison.Ordinal);

        (exit, output, _) = await RunAsync("set-role", "sam@example.org", "Contributor");
        Assert.Equal(0, exit);
        Assert.Contains("now Contributor", output, StringComparison.Ordinal);
        (_, output, _) = await RunAsync("list");
        Assert.Contains("Contributor", output, StringComparison.Ordinal);

        (exit, output, _) = await RunAsync("reset-password", "sam@example.org");
        Assert.Equal(0, exit);
        var newPassword = output.Split(": ")[1].Trim();
        Assert.NotEqual(password, newPassword);
        await _app.CreateBrowserlessClient().SignInAsync("sam@example.org", newPassword);
    }

    [Fact]
    public async Task Mistakes_get_a_message_and_a_non_zero_exit()
    {
        var (exit, _, error) = await RunAsync("create", "x@example.org", "--role", "Overlord");
        Assert.Equal(1, exit);
        Assert.Contains("Unknown role 'Overlord'", error, StringComparison.Ordinal);

        (exit, _, error) = await RunAsync("set-role", "ghost@example.org", "Editor");
        Assert.Equal(1, exit);
        Assert.Contains("No account", error, StringComparison.Ordinal);

        (exit, _, error) = await RunAsync("create", "dupe@example.org", "--role", "Author");
        Assert.Equal(0, exit);
        (exit, _, error) = await RunAsync("create", "dupe@example.org", "--role", "Author");
        Assert.Equal(1, exit);
        Assert.Contains("already taken", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_only_administrator_cannot_be_demoted()
    {
        await RunAsync("create", "boss@example.org", "--role", "Administrator");
        var (exit, _, error) = await RunAsync("set-role", "boss@example.org", "Editor");
        Assert.Equal(1, exit);
        Assert.Contains("only administrator", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_site_prints_a_working_admin_login_once()
    {
        await using var demo = new BylineAppFactory { DemoContent = true };
        _ = demo.Server;
        using var console = new StringWriter();
        // The demo administrator already exists from start-up; a second call prints nothing.
        await using (var scope = demo.Services.CreateAsyncScope())
        {
            await AccountsStartup.CreateDemoAdminAsync(scope.ServiceProvider, console);
        }
        Assert.Equal("", console.ToString());

        // On a fresh demo site, the printed password signs in as an administrator.
        using var output = new StringWriter();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await AccountsStartup.CreateDemoAdminAsync(scope.ServiceProvider, output);
        }
        var line = output.ToString().Split('\n').Single(l => l.Contains("Admin login:", StringComparison.Ordinal));
        var password = line.Split('/')[1].Trim();
        var client = _app.CreateBrowserlessClient();
        await client.SignInAsync(AccountsStartup.DemoAdminUserName, password);
        Assert.NotNull((await client.GetDocumentAsync("/admin")).QuerySelector("a[href='/admin/users']"));
    }
}

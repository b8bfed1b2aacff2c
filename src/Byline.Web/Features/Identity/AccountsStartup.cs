using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Identity;

/// <summary>Start-up work for accounts: the four roles exist, and a demo site gets a printed admin login.</summary>
public static class AccountsStartup
{
    public const string DemoAdminUserName = "admin";
    public const string DemoAdminEmail = "admin@example.org";
    private const string DemoEditorSlug = "maya-okafor";

    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole<int>>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<int>(role));
            }
        }
    }

    /// <summary>
    /// Creates the demo administrator when the demo site has no accounts and prints its login to
    /// the console, once. It goes to the console only, never to the log, so no log sink keeps it.
    /// </summary>
    public static async Task CreateDemoAdminAsync(IServiceProvider services, TextWriter console)
    {
        var accounts = services.GetRequiredService<UserAccounts>();
        if (!await accounts.NoneExistAsync())
        {
            return;
        }
        var password = UserAccounts.GeneratePassword();
        // The demo's administrator writes as its city editor, so the newsroom has no empty author page.
        var db = services.GetRequiredService<Infrastructure.Data.BylineDbContext>();
        var editor = await db.Authors.Where(a => a.Slug == DemoEditorSlug).Select(a => (int?)a.Id).SingleOrDefaultAsync();
        var result = await accounts.CreateAsync(DemoAdminEmail, "Site Administrator", Roles.Administrator, password, DemoAdminUserName, editor);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Could not create the demo administrator: " + string.Join(" ", result.Errors));
        }
        await console.WriteLineAsync($"""

            ┌─ Byline demo ─────────────────────────────────────────────
            │ Admin login:  {DemoAdminUserName}  /  {password}
            │ Sign in at /account/login. Shown once; to set a new one:
            │   dotnet run --project src/Byline.Web -- users reset-password {DemoAdminUserName}
            └───────────────────────────────────────────────────────────

            """);
    }
}

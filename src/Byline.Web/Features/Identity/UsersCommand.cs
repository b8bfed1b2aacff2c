using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Identity;

/// <summary><c>byline users create|list|set-role|reset-password</c>: account rescue without the web.</summary>
public static class UsersCommand
{
    public const string Usage = """
          users list                                   List accounts with their roles.
          users create EMAIL --role ROLE [--name "Display Name"] [--username NAME]
                                                       Create an account; prints a generated password.
          users set-role EMAIL|NAME ROLE               Give an account one of: Administrator, Editor, Author, Contributor.
          users reset-password EMAIL|NAME              Set and print a new generated password; ends a lockout.
        """;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        await services.PrepareDatabaseAsync();
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var verb = args.Length > 0 ? args[0].ToLowerInvariant() : "";
        switch (verb)
        {
            case "list":
            {
                var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
                var users = scope.ServiceProvider.GetRequiredService<UserManager<BylineUser>>();
                foreach (var user in await db.Users.Include(u => u.Author).OrderBy(u => u.Id).ToListAsync())
                {
                    var roles = string.Join(",", await users.GetRolesAsync(user));
                    var locked = user.LockoutEnd > DateTimeOffset.UtcNow ? "  (locked)" : "";
                    await output.WriteLineAsync($"{user.Id,4}  {user.UserName,-30} {roles,-14} {user.Author.DisplayName}{locked}");
                }
                return 0;
            }
            case "create" when args.Length > 1:
            {
                var role = Option(args, "--role");
                if (role is null)
                {
                    await error.WriteLineAsync("Give a role with --role (Administrator, Editor, Author or Contributor).");
                    return 2;
                }
                var email = args[1];
                var password = UserAccounts.GeneratePassword();
                var result = await accounts.CreateAsync(email, Option(args, "--name") ?? email.Split('@')[0], role, password, Option(args, "--username"));
                if (!result.Succeeded)
                {
                    await error.WriteLineAsync(string.Join(Environment.NewLine, result.Errors));
                    return 1;
                }
                await output.WriteLineAsync($"Created {result.User!.UserName} ({Roles.Parse(role)}). Password: {password}");
                return 0;
            }
            case "set-role" when args.Length > 2:
            {
                if (await accounts.FindAsync(args[1]) is not { } user)
                {
                    await error.WriteLineAsync($"No account '{args[1]}'.");
                    return 1;
                }
                var result = await accounts.SetRoleAsync(user, args[2]);
                if (!result.Succeeded)
                {
                    await error.WriteLineAsync(string.Join(Environment.NewLine, result.Errors));
                    return 1;
                }
                await output.WriteLineAsync($"{user.UserName} is now {Roles.Parse(args[2])}.");
                return 0;
            }
            case "reset-password" when args.Length > 1:
            {
                if (await accounts.FindAsync(args[1]) is not { } user)
                {
                    await error.WriteLineAsync($"No account '{args[1]}'.");
                    return 1;
                }
                var password = UserAccounts.GeneratePassword();
                var result = await accounts.ResetPasswordAsync(user, password);
                if (!result.Succeeded)
                {
                    await error.WriteLineAsync(string.Join(Environment.NewLine, result.Errors));
                    return 1;
                }
                await output.WriteLineAsync($"New password for {user.UserName}: {password}");
                return 0;
            }
            default:
                await error.WriteLineAsync("Usage:\n" + Usage);
                return 2;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.FindIndex(args, a => a.Equals(name, StringComparison.OrdinalIgnoreCase));
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}

using Byline.Web.Features.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Infrastructure;

/// <summary>Staff accounts for tests, and clients signed in as them through the real login form.</summary>
public static class Staff
{
    public const string Password = "correct horse battery";

    public static async Task<BylineUser> CreateUserAsync(this BylineAppFactory app, string role, string? email = null, string? name = null)
    {
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..(role.Length + 9)] + "@example.org";
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<UserAccounts>()
            .CreateAsync(email, name ?? $"{role} Tester", role, Password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors));
        return result.User!;
    }

    /// <summary>A client with its own cookies, signed in as a new user in <paramref name="role"/>.</summary>
    public static async Task<(HttpClient Client, BylineUser User)> SignedInAsync(this BylineAppFactory app, string role)
    {
        var user = await app.CreateUserAsync(role);
        var client = app.CreateBrowserlessClient();
        await client.SignInAsync(user.Email!, Password);
        return (client, user);
    }

    public static async Task SignInAsync(this HttpClient client, string login, string password)
    {
        using var response = await client.SubmitFormAsync("/account/login", "main form",
            new Dictionary<string, string> { ["Input.Login"] = login, ["Input.Password"] = password });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
    }
}

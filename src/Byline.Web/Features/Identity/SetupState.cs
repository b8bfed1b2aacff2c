using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Identity;

/// <summary>
/// Whether the site still needs its first administrator. Once an account exists it stays so,
/// which lets every later request skip the database question.
/// </summary>
public sealed class SetupState(IServiceScopeFactory scopes)
{
    private volatile bool _hasAccounts;

    public async Task<bool> IsNeededAsync(CancellationToken cancellationToken = default)
    {
        if (_hasAccounts)
        {
            return false;
        }
        await using var scope = scopes.CreateAsyncScope();
        _hasAccounts = await scope.ServiceProvider.GetRequiredService<BylineDbContext>().Users.AnyAsync(cancellationToken);
        return !_hasAccounts;
    }

    public void AccountCreated() => _hasAccounts = true;
}

/// <summary>Sends sign-in and admin requests to the setup page while the site has no accounts.</summary>
public sealed class SetupRedirectMiddleware(RequestDelegate next, SetupState setup)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if ((path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase)
             || path.StartsWithSegments("/account/login", StringComparison.OrdinalIgnoreCase))
            && await setup.IsNeededAsync(context.RequestAborted))
        {
            context.Response.Redirect("/account/setup");
            return;
        }
        await next(context);
    }
}

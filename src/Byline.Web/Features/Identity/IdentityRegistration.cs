using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Identity;

public static class IdentityRegistration
{
    public const string CookieName = "byline.auth";

    /// <summary>How often a session's cookie is checked against the account's security stamp.</summary>
    public static readonly TimeSpan SessionCheckInterval = TimeSpan.FromMinutes(1);

    /// <summary>Identity on the site's database, the role policies, and the admin folder behind sign-in.</summary>
    public static IServiceCollection AddBylineIdentity(this IServiceCollection services)
    {
        services.AddIdentity<BylineUser, IdentityRole<int>>(o =>
            {
                // NIST 800-63B: length over composition rules.
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<BylineDbContext>()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the site is reached over HTTPS (behind a proxy: with forwarded headers).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            // A signed-in user without the role gets a plain 403 (and the friendly status page), not a redirect.
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
        });
        // "Log out everywhere", locks and role changes reach other sessions within a minute. The validator
        // reads the app's TimeProvider (Identity post-configures it from the container), so tests move it.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = SessionCheckInterval);

        Policies.Add(services.AddAuthorizationBuilder());
        services.Configure<RazorPagesOptions>(o =>
        {
            // One convention secures the whole admin area; pages inside narrow it with their own policy.
            o.Conventions.AuthorizeFolder("/Admin", Policies.Staff);
        });
        services.AddScoped<UserAccounts>();
        services.AddScoped<UserDirectory>();
        services.AddScoped<AuthorProfiles>();
        services.AddSingleton<SetupState>();
        services.AddOptions<SignInThrottleOptions>().BindConfiguration("Byline:SignIn");
        services.AddSingleton<SignInThrottle>();
        return services;
    }

    /// <summary>Sign-in for every request, and the setup page for a site without accounts.</summary>
    public static IApplicationBuilder UseBylineIdentity(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseMiddleware<SetupRedirectMiddleware>();
        app.UseAuthorization();
        return app;
    }
}

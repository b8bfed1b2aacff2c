using Byline.Web.Features.Comments;
using Byline.Web.Features.Discovery;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Byline.Web.Infrastructure.Web;

public static class WebSetup
{
    public static WebApplicationBuilder AddBylineWeb(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel((context, k) =>
        {
            k.AddServerHeader = false;
            // Slow clients (slowloris): header timeout, keep-alive and minimum data rates, explicit and configurable.
            SlowClientLimits.Apply(k.Limits, context.Configuration);
        });
        // Running from build output (not published) in any environment: let MapStaticAssets find the
        // precompressed files under obj/. Without it, gzip-accepting browsers get empty CSS and images.
        // A no-op for published output, where the files sit in wwwroot.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddRouting(o => o.LowercaseUrls = true);
        builder.Services.AddRazorPages(o => o.Conventions.AddPageRoute("/Errors/Status", "error"))
            .WithRazorPagesRoot("/Features");

        // Keys live in the database, so sign-ins and form tokens survive restarts and work on every node.
        // Form tokens: HttpOnly and SameSite=Strict by default; Secure whenever the request came over HTTPS.
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        builder.Services.AddDataProtection().SetApplicationName("Byline").PersistKeysToDbContext<BylineDbContext>();
        return builder;
    }

    public static WebApplication UseBylineWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandlingPath = "/error",
                // An oversized or malformed request is the client's mistake: 413/400, not 500.
                StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            });
        }
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<CanonicalPathMiddleware>();
        app.UseRouting();
        return app;
    }

    public static WebApplication MapBylineWeb(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        app.MapCommentFeeds();
        app.MapSitemaps();
        app.MapArticleFeeds();
        Features.Search.OpenSearch.MapOpenSearch(app);
        return app;
    }
}

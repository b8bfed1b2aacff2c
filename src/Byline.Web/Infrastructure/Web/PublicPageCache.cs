using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.OutputCaching;

namespace Byline.Web.Infrastructure.Web;

/// <summary>
/// ASP.NET Core output caching for the public listing pages (home, categories, tags, authors,
/// archives, static pages) and article pages. They carry no per-visitor state (the article page's
/// form tokens are filled in per response by <see cref="PerVisitorFieldsMiddleware"/>), so one
/// rendering serves every anonymous reader until something they show changes. Signed-in staff
/// (the default policy skips authenticated requests) and commenters with their own pending
/// comments or saved details always get fresh pages.
/// </summary>
public static class PublicPageCache
{
    public const string Policy = "public-page";
    public const string Tag = "public";

    public static IServiceCollection AddPublicPageCache(this IServiceCollection services)
    {
        services.AddOutputCache(o =>
        {
            // A minute at most: the Most Popular box follows page views, which evict nothing.
            o.AddPolicy(Policy, b => b.Expire(TimeSpan.FromSeconds(60)).Tag(Tag));
            o.AddPolicy(PerVisitorFields.ArticlePagePolicy, b => b.AddPolicy<SkipForCommenters>().Expire(TimeSpan.FromSeconds(60)).Tag(Tag));
            o.SizeLimit = 64 * 1024 * 1024;
        });
        return services;
    }

    /// <summary>The output cache, wrapped by the middleware that fills per-visitor fields into every response.</summary>
    public static IApplicationBuilder UsePublicPageCache(this IApplicationBuilder app)
    {
        app.UseMiddleware<PerVisitorFieldsMiddleware>();
        app.UseOutputCache();
        return app;
    }

    /// <summary>
    /// Everything a cached page shows (articles, the sidebar, categories, settings, footer pages)
    /// is evicted through <see cref="CacheEviction"/>; the cached pages go with it, on every node.
    /// </summary>
    public static void EvictAll(IServiceProvider services) =>
        services.GetService<IOutputCacheStore>()?.EvictByTagAsync(Tag, CancellationToken.None).AsTask().Wait();
}

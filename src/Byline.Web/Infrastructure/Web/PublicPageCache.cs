using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.OutputCaching;

namespace Byline.Web.Infrastructure.Web;

/// <summary>
/// ASP.NET Core output caching for the public listing pages (home, categories, tags, authors,
/// archives, static pages). They carry no per-visitor state, so one rendering serves every
/// anonymous reader until something they show changes. Signed-in staff always get fresh pages
/// (the default policy skips authenticated requests). Article pages are not cached here: their
/// comment form carries a per-visitor antiforgery token and form stamp.
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
            o.SizeLimit = 64 * 1024 * 1024;
        });
        return services;
    }

    /// <summary>
    /// Everything a cached page shows (articles, the sidebar, categories, settings, footer pages)
    /// is evicted through <see cref="CacheEviction"/>; the cached pages go with it, on every node.
    /// </summary>
    public static void EvictAll(IServiceProvider services) =>
        services.GetService<IOutputCacheStore>()?.EvictByTagAsync(Tag, CancellationToken.None).AsTask().Wait();
}

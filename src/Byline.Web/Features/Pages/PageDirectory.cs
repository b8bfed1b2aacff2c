using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Byline.Web.Features.Pages;

public sealed record PublishedPage(int Id, string Slug, string Title, string BodyHtml, bool ShowInFooter, int MenuOrder, DateTime UpdatedAt)
{
    public string Url => "/" + Uri.EscapeDataString(Slug);
}

/// <summary>
/// Every published static page, in memory: a site has a handful, the footer lists them on every
/// page, and reading one then costs no query. Refreshed when a page is saved.
/// </summary>
public sealed class PageDirectory(IServiceScopeFactory scopes, IMemoryCache cache, CacheEviction eviction)
{
    private const string CacheKey = "byline:pages";

    public async ValueTask<IReadOnlyList<PublishedPage>> GetAsync(CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(CacheKey, out IReadOnlyList<PublishedPage>? pages) && pages is not null)
        {
            return pages;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
        pages = await db.StaticPages.AsNoTracking().Where(p => p.Status == StaticPageStatus.Published)
            .OrderBy(p => p.MenuOrder).ThenBy(p => p.Title)
            .Select(p => new PublishedPage(p.Id, p.Slug, p.Title, p.BodyHtml, p.ShowInFooter, p.MenuOrder, p.UpdatedAt))
            .ToListAsync(cancellationToken);
        cache.Set(CacheKey, pages, TimeSpan.FromMinutes(5));
        return pages;
    }

    public async ValueTask<PublishedPage?> FindAsync(string slug, CancellationToken cancellationToken = default) =>
        (await GetAsync(cancellationToken)).FirstOrDefault(p => string.Equals(p.Slug, slug, StringComparison.OrdinalIgnoreCase));

    /// <summary>Drops the cached copy here and on every other node.</summary>
    public void Invalidate() => eviction.Evict(CacheKey);
}

using Byline.Web.Features.Articles;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Site;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Byline.Web.Features.Popular;

public sealed record PopularArticle(string Title, string Url, long Views);

public sealed record RecentComment(int CommentId, string AuthorName, string ArticleTitle, string Url);

public sealed record SidebarContent(IReadOnlyList<PopularArticle> Popular, int PopularWindowDays, IReadOnlyList<RecentComment> RecentComments);

/// <summary>
/// The Most Popular and Recent Comments boxes shown on every page. Built from the database at most
/// once per <see cref="PopularOptions.SidebarCacheSeconds"/>, and at once after a comment is approved.
/// </summary>
public sealed class Sidebar(
    IServiceScopeFactory scopes, IMemoryCache cache, SiteSettingsProvider settings, TimeProvider clock,
    IOptions<PopularOptions> options, CacheEviction eviction, Permalinks permalinks) : ICommentChangeNotifier
{
    private const string CacheKey = "byline:sidebar";

    public async ValueTask<SidebarContent> GetAsync(CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(CacheKey, out SidebarContent? content) && content is not null)
        {
            return content;
        }
        var site = (await settings.GetAsync(cancellationToken)).Settings;
        var links = await permalinks.GetAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
        content = new SidebarContent(
            await MostPopularAsync(db, links, site.PopularWindowDays, site.PopularCount, cancellationToken),
            site.PopularWindowDays,
            await RecentCommentsAsync(db, links, site.RecentCommentsCount, cancellationToken));
        cache.Set(CacheKey, content, TimeSpan.FromSeconds(Math.Max(1, options.Value.SidebarCacheSeconds)));
        return content;
    }

    /// <summary>Drops the cached copy here and on every other node.</summary>
    public void Invalidate() => eviction.Evict(CacheKey);

    void ICommentChangeNotifier.CommentsChanged(int articleId) => Invalidate();

    /// <summary>
    /// Views summed over daily buckets: a window of N days covers today and the N days before it,
    /// so "last 24 hours" never drops to nothing at midnight. 0 means all time.
    /// </summary>
    internal async Task<IReadOnlyList<PopularArticle>> MostPopularAsync(BylineDbContext db, PermalinkScheme links, int windowDays, int count, CancellationToken cancellationToken)
    {
        var views = db.ArticleViews.AsNoTracking();
        if (windowDays > 0)
        {
            var since = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-windowDays);
            views = views.Where(v => v.Day >= since);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var top = await views
            .GroupBy(v => v.ArticleId)
            .Select(g => new { ArticleId = g.Key, Views = g.Sum(v => v.Views) })
            .Join(db.Articles.Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= now),
                v => v.ArticleId, a => a.Id,
                (v, a) => new { v.Views, a.Id, a.Title, a.Slug, a.CategoryId, PublishedAt = a.PublishedAt!.Value })
            .OrderByDescending(x => x.Views).ThenByDescending(x => x.PublishedAt)
            .Take(count)
            .ToListAsync(cancellationToken);
        return [.. top.Select(x => new PopularArticle(x.Title, links.Url(x.PublishedAt, x.Slug, x.CategoryId), x.Views))];
    }

    internal static async Task<IReadOnlyList<RecentComment>> RecentCommentsAsync(BylineDbContext db, PermalinkScheme links, int count, CancellationToken cancellationToken)
    {
        var recent = await db.Comments.AsNoTracking()
            .Where(c => c.Status == CommentStatus.Approved && c.Article.Status == ArticleStatus.Published)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Take(count)
            .Select(c => new { c.Id, c.AuthorName, c.Article.Title, c.Article.Slug, c.Article.CategoryId, PublishedAt = c.Article.PublishedAt!.Value })
            .ToListAsync(cancellationToken);
        return [.. recent.Select(c => new RecentComment(c.Id, c.AuthorName, c.Title, links.CommentUrl(c.PublishedAt, c.Slug, c.CategoryId, c.Id)))];
    }
}

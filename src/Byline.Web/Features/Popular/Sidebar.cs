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

/// <summary>Most Popular over one window: <see cref="Days"/> 1, 7 or 30, or 0 for all time.</summary>
public sealed record PopularWindow(int Days, IReadOnlyList<PopularArticle> Articles)
{
    public string Label => Days switch { 0 => "All time", 1 => "Today", _ => $"{Days} days" };
}

/// <summary>
/// The sidebar boxes. <see cref="Popular"/> is the configured window's list; <see cref="PopularWindows"/>
/// holds every window (the configured one first) so a cached page can offer all of them without a query string.
/// </summary>
public sealed record SidebarContent(IReadOnlyList<PopularArticle> Popular, int PopularWindowDays, IReadOnlyList<RecentComment> RecentComments)
{
    public IReadOnlyList<PopularWindow> PopularWindows { get; init; } = [new PopularWindow(PopularWindowDays, Popular)];
}

/// <summary>
/// The Most Popular and Recent Comments boxes shown on every page. Built from the database at most
/// once per <see cref="PopularOptions.SidebarCacheSeconds"/>, and at once after a comment is approved.
/// </summary>
public sealed class Sidebar(
    IServiceScopeFactory scopes, IMemoryCache cache, SiteSettingsProvider settings, TimeProvider clock,
    IOptions<PopularOptions> options, CacheEviction eviction, Permalinks permalinks) : ICommentChangeNotifier
{
    private const string CacheKey = "byline:sidebar";

    /// <summary>The windows every Most Popular box offers, shortest first (0 = all time).</summary>
    public static readonly IReadOnlyList<int> Windows = [1, 7, 30, 0];

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
        var windows = new List<PopularWindow>();
        foreach (var days in Windows.Where(d => d == site.PopularWindowDays).Concat(Windows.Where(d => d != site.PopularWindowDays)))
        {
            windows.Add(new PopularWindow(days, await MostPopularAsync(db, links, days, site.PopularCount, cancellationToken)));
        }
        content = new SidebarContent(windows[0].Articles, site.PopularWindowDays, await RecentCommentsAsync(db, links, site.RecentCommentsCount, cancellationToken))
        {
            PopularWindows = windows,
        };
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

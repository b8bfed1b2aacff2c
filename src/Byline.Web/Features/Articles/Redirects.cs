using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Articles;

/// <summary>Remembers old addresses, and answers a 404 with a 301 when the address used to show something.</summary>
public static class Redirects
{
    /// <summary>Records that <paramref name="oldPath"/> now means this article (replacing whatever it meant before).</summary>
    public static Task RememberAsync(BylineDbContext db, string oldPath, int articleId, DateTime now, CancellationToken cancellationToken) =>
        RememberAsync(db, oldPath, articleId, null, now, cancellationToken);

    /// <summary>Records that <paramref name="oldPath"/> now means this static page.</summary>
    public static Task RememberPageAsync(BylineDbContext db, string oldPath, int staticPageId, DateTime now, CancellationToken cancellationToken) =>
        RememberAsync(db, oldPath, null, staticPageId, now, cancellationToken);

    private static async Task RememberAsync(BylineDbContext db, string oldPath, int? articleId, int? staticPageId, DateTime now, CancellationToken cancellationToken)
    {
        var from = Redirect.NormalizePath(oldPath);
        var existing = await db.Redirects.SingleOrDefaultAsync(r => r.FromPath == from, cancellationToken);
        if (existing is null)
        {
            db.Redirects.Add(new Redirect { FromPath = from, ArticleId = articleId, StaticPageId = staticPageId, CreatedAt = now });
        }
        else
        {
            (existing.ArticleId, existing.StaticPageId, existing.ToPath) = (articleId, staticPageId, null);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="oldPath"/> to <paramref name="newPath"/> (a renamed category, tag or author).
    /// The new address is live, so no redirect may shadow it; rows that led to the old address now lead
    /// to the new one, so redirects never chain. The caller saves.
    /// </summary>
    public static async Task MovePathAsync(BylineDbContext db, string oldPath, string newPath, DateTime now, CancellationToken cancellationToken)
    {
        var from = Redirect.NormalizePath(oldPath);
        var to = Redirect.NormalizePath(newPath);
        await db.Redirects.Where(r => r.FromPath == to).ExecuteDeleteAsync(cancellationToken);
        await db.Redirects.Where(r => r.ToPath == from).ExecuteUpdateAsync(r => r.SetProperty(x => x.ToPath, to), cancellationToken);
        if (await db.Redirects.SingleOrDefaultAsync(r => r.FromPath == from, cancellationToken) is { } existing)
        {
            (existing.ArticleId, existing.StaticPageId, existing.ToPath) = (null, null, to);
        }
        else
        {
            db.Redirects.Add(new Redirect { FromPath = from, ToPath = to, CreatedAt = now });
        }
    }

    /// <summary>The current address for an old one, or null. Unpublished targets have no address.</summary>
    public static async Task<string?> ResolveAsync(BylineDbContext db, PermalinkScheme links, string path, DateTime now, CancellationToken cancellationToken)
    {
        var from = Redirect.NormalizePath(path);
        var redirect = await db.Redirects.AsNoTracking().Where(r => r.FromPath == from)
            .Select(r => new { r.ArticleId, r.StaticPageId, r.ToPath }).SingleOrDefaultAsync(cancellationToken);
        if (redirect is null)
        {
            return null;
        }
        if (redirect.ArticleId is int articleId)
        {
            var article = await db.Articles.AsNoTracking()
                .Where(a => a.Id == articleId && a.Status == ArticleStatus.Published && a.PublishedAt <= now)
                .Select(a => new { a.Slug, a.PublishedAt, a.CategoryId }).SingleOrDefaultAsync(cancellationToken);
            return article is null ? null : links.Url(article.PublishedAt!.Value, article.Slug, article.CategoryId);
        }
        if (redirect.StaticPageId is int pageId)
        {
            var slug = await db.StaticPages.AsNoTracking()
                .Where(p => p.Id == pageId && p.Status == Pages.StaticPageStatus.Published)
                .Select(p => p.Slug).SingleOrDefaultAsync(cancellationToken);
            return slug is null ? null : "/" + Uri.EscapeDataString(slug);
        }
        // Stored paths are local and unescaped: escape them for the Location header, and never let one become "//host".
        return redirect.ToPath is { Length: > 0 } to && to.StartsWith('/') && !to.StartsWith("//", StringComparison.Ordinal) && !to.Contains('\\', StringComparison.Ordinal)
            ? new PathString(to).ToUriComponent()
            : null;
    }

    /// <summary>
    /// The canonical URL of the published article that <paramref name="path"/> names in any supported
    /// permalink form (an address from before a structure change), or null. One indexed query by slug;
    /// the date or category in the path must be the article's, so <c>/anything/slug</c> does not redirect.
    /// </summary>
    public static async Task<string?> ResolvePermalinkAsync(BylineDbContext db, PermalinkScheme links, string path, DateTime now, CancellationToken cancellationToken)
    {
        var candidates = ArticleLinks.Parse(path).Where(c => c.Slug.Length is > 0 and <= ArticleEditor.SlugMaxLength).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }
        var slugs = candidates.Select(c => c.Slug).Distinct(StringComparer.Ordinal).ToList();
        var articles = await db.Articles.AsNoTracking()
            .Where(a => slugs.Contains(a.Slug) && a.Status == ArticleStatus.Published && a.PublishedAt <= now)
            .Select(a => new { a.Slug, PublishedAt = a.PublishedAt!.Value, a.CategoryId })
            .ToListAsync(cancellationToken);
        var fitting = (from c in candidates
                       from a in articles
                       where a.Slug == c.Slug && c.Fits(a.PublishedAt, links.Structure == PermalinkStructure.Category ? links.CategorySlug(a.CategoryId) : null)
                       select links.Url(a.PublishedAt, a.Slug, a.CategoryId)).FirstOrDefault();
        if (fitting is not null || links.Structure != PermalinkStructure.Category)
        {
            return fitting;
        }
        // A renamed or merged category left /category/old → /category/new: its articles' old addresses follow it.
        foreach (var c in candidates.Where(c => c.Category is not null))
        {
            if (articles.FirstOrDefault(a => a.Slug == c.Slug) is { } article && links.CategorySlug(article.CategoryId) is { } current)
            {
                var from = Redirect.NormalizePath("/category/" + c.Category);
                var to = Redirect.NormalizePath("/category/" + current);
                if (await db.Redirects.AnyAsync(r => r.FromPath == from && r.ToPath == to, cancellationToken))
                {
                    return links.Url(article.PublishedAt, article.Slug, article.CategoryId);
                }
            }
        }
        return null;
    }
}

/// <summary>
/// Turns a 404 for a GET into a 301 when the address is a remembered old one. Runs only on misses,
/// so pages that exist pay nothing.
/// </summary>
public sealed class RedirectMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.Response.StatusCode != StatusCodes.Status404NotFound || context.Response.HasStarted
            || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            || context.Request.Path.Value is not { Length: > 1 and <= 500 } path)
        {
            return;
        }
        // Resolved only on a miss: the hot path never rents a database context for this.
        var db = context.RequestServices.GetRequiredService<BylineDbContext>();
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var links = await context.RequestServices.GetRequiredService<Permalinks>().GetAsync(context.RequestAborted);
        // A remembered address first (a changed slug), then the article's own address in another structure.
        if ((await Redirects.ResolveAsync(db, links, path, now, context.RequestAborted)
             ?? await Redirects.ResolvePermalinkAsync(db, links, path, now, context.RequestAborted)) is { } target
            && !string.Equals(target, path, StringComparison.Ordinal))
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            context.Response.Headers.Location = target + context.Request.QueryString;
        }
    }
}

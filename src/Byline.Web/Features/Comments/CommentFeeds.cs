using System.Globalization;
using System.ServiceModel.Syndication;
using System.Xml;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Discovery;
using Byline.Web.Features.Site;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Comments;

/// <summary>RSS 2.0 feeds of approved comments: the whole site, and one article (WordPress's /comments/feed/); cached like the article feeds, with ETags.</summary>
public static class CommentFeeds
{
    private const int SiteItems = 30;
    private const int ArticleItems = 100;

    public static IEndpointRouteBuilder MapCommentFeeds(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/comments/feed", SiteFeedAsync);
        // An article's feed sits under its URL, in every permalink form (see PermalinkRouting).
        endpoints.MapGet("/{year:int}/{month:int}/{slug}/comments/feed", ArticleFeedAsync);
        endpoints.MapGet("/{year:int}/{month:int}/{day:int}/{slug}/comments/feed", ArticleFeedAsync);
        endpoints.MapGet("/{category}/{slug}/comments/feed", ArticleFeedAsync);
        endpoints.MapGet("/{slug}/comments/feed", ArticleFeedAsync);
        return endpoints;
    }

    public static string ArticleFeedUrl(string articleUrl) => $"{articleUrl}/comments/feed";

    private static async Task<IResult> SiteFeedAsync(
        HttpContext http, BylineDbContext db, SiteSettingsProvider settings, Permalinks permalinks, FeedCache cache, CancellationToken cancellationToken)
    {
        var site = (await settings.GetAsync(cancellationToken)).Settings;
        return await FeedAsync(http, db, cache, await permalinks.GetAsync(cancellationToken), $"Comments on {site.Title}", "/", articleId: null, SiteItems, cancellationToken);
    }

    private static async Task<IResult> ArticleFeedAsync(
        string slug, HttpContext http, BylineDbContext db, ArticleQueries articles, Permalinks permalinks, FeedCache cache, CancellationToken cancellationToken)
    {
        if (await articles.FindBySlugAsync(slug, cancellationToken) is not { } article)
        {
            return Results.NotFound();
        }
        return await FeedAsync(http, db, cache, await permalinks.GetAsync(cancellationToken), $"Comments on “{article.Title}”", article.Url, article.Id, ArticleItems, cancellationToken);
    }

    private sealed record VersionRow(int Id, DateTime CreatedAt, DateTime ArticleUpdatedAt);

    private sealed record FeedRow(int Id, string AuthorName, string Body, string? BodyHtml, DateTime CreatedAt, string ArticleTitle, string ArticleSlug, DateTime ArticlePublishedAt, int ArticleCategoryId);

    private static IQueryable<Comment> Newest(BylineDbContext db, int? articleId, int count) =>
        db.Comments.AsNoTracking()
            .Where(c => c.Status == CommentStatus.Approved && c.Article.Status == ArticleStatus.Published)
            .Where(c => articleId == null || c.ArticleId == articleId)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Take(count);

    /// <summary>
    /// The version is the approved comments the feed would list and their articles' change times
    /// (titles and slugs are in the items); the bodies are read only when that changes (see <see cref="FeedCache"/>).
    /// </summary>
    private static async Task<IResult> FeedAsync(
        HttpContext http, BylineDbContext db, FeedCache cache, PermalinkScheme links, string title, string path, int? articleId, int count, CancellationToken cancellationToken)
    {
        var versions = await Newest(db, articleId, count).Select(c => new VersionRow(c.Id, c.CreatedAt, c.Article.UpdatedAt)).ToListAsync(cancellationToken);
        var version = "c" + FeedCache.Version([title, links.Fingerprint, .. versions.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Id}:{v.ArticleUpdatedAt.Ticks}"))]);
        var lastModified = versions.Count == 0 ? DateTime.UnixEpoch : versions.Max(v => v.CreatedAt > v.ArticleUpdatedAt ? v.CreatedAt : v.ArticleUpdatedAt);
        return await cache.ServeAsync(http, version, lastModified, "application/rss+xml; charset=utf-8", async () =>
        {
            var ids = versions.Select(v => v.Id).ToList();
            var rows = await db.Comments.AsNoTracking().Where(c => ids.Contains(c.Id))
                .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
                .Select(c => new FeedRow(c.Id, c.AuthorName, c.Body, c.BodyHtml, c.CreatedAt, c.Article.Title, c.Article.Slug, c.Article.PublishedAt!.Value, c.Article.CategoryId))
                .ToListAsync(cancellationToken);
            return Build(http, links, title, path, rows);
        });
    }

    private static byte[] Build(HttpContext http, PermalinkScheme links, string title, string path, IReadOnlyList<FeedRow> rows)
    {
        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        var feed = new SyndicationFeed(title, title, new Uri(origin + path))
        {
            LastUpdatedTime = rows.Count > 0 ? new DateTimeOffset(rows[0].CreatedAt, TimeSpan.Zero) : DateTimeOffset.UnixEpoch,
            Items = [.. rows.Select(r => Item(origin, links, r))],
        };
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Async = false }))
        {
            new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false).WriteTo(writer);
        }
        return buffer.ToArray();
    }

    private static SyndicationItem Item(string origin, PermalinkScheme links, FeedRow row)
    {
        var link = new Uri(origin + links.CommentUrl(row.ArticlePublishedAt, row.ArticleSlug, row.ArticleCategoryId, row.Id));
        var html = row.BodyHtml ?? System.Net.WebUtility.HtmlEncode(row.Body);
        var item = new SyndicationItem($"{row.AuthorName} on {row.ArticleTitle}", new TextSyndicationContent(html, TextSyndicationContentKind.Html), link,
            // Stable across slug changes: the comment id, not its URL.
            $"{origin}/?comment={row.Id}", new DateTimeOffset(row.CreatedAt, TimeSpan.Zero))
        {
            PublishDate = new DateTimeOffset(row.CreatedAt, TimeSpan.Zero),
        };
        item.Authors.Add(new SyndicationPerson { Name = row.AuthorName });
        return item;
    }
}

using System.ServiceModel.Syndication;
using System.Xml;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Site;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Comments;

/// <summary>RSS 2.0 feeds of approved comments: the whole site, and one article (WordPress's /comments/feed/).</summary>
public static class CommentFeeds
{
    private const int SiteItems = 30;
    private const int ArticleItems = 100;

    public static IEndpointRouteBuilder MapCommentFeeds(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/comments/feed", SiteFeedAsync);
        endpoints.MapGet("/{year:int}/{month:int}/{slug}/comments/feed", ArticleFeedAsync);
        return endpoints;
    }

    public static string ArticleFeedUrl(string articleUrl) => $"{articleUrl}/comments/feed";

    private static async Task<IResult> SiteFeedAsync(HttpContext http, BylineDbContext db, SiteSettingsProvider settings, CancellationToken cancellationToken)
    {
        var site = (await settings.GetAsync(cancellationToken)).Settings;
        var rows = await Newest(db, articleId: null, SiteItems).ToListAsync(cancellationToken);
        return Feed(http, $"Comments on {site.Title}", "/", rows);
    }

    private static async Task<IResult> ArticleFeedAsync(string slug, HttpContext http, BylineDbContext db, ArticleQueries articles, CancellationToken cancellationToken)
    {
        if (await articles.FindBySlugAsync(slug, cancellationToken) is not { } article)
        {
            return Results.NotFound();
        }
        var rows = await Newest(db, article.Id, ArticleItems).ToListAsync(cancellationToken);
        return Feed(http, $"Comments on “{article.Title}”", article.Url, rows);
    }

    private sealed record FeedRow(int Id, string AuthorName, string Body, string? BodyHtml, DateTime CreatedAt, string ArticleTitle, string ArticleSlug, DateTime ArticlePublishedAt);

    private static IQueryable<FeedRow> Newest(BylineDbContext db, int? articleId, int count) =>
        db.Comments.AsNoTracking()
            .Where(c => c.Status == CommentStatus.Approved && c.Article.Status == ArticleStatus.Published)
            .Where(c => articleId == null || c.ArticleId == articleId)
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Take(count)
            .Select(c => new FeedRow(c.Id, c.AuthorName, c.Body, c.BodyHtml, c.CreatedAt, c.Article.Title, c.Article.Slug, c.Article.PublishedAt!.Value));

    private static IResult Feed(HttpContext http, string title, string path, IReadOnlyList<FeedRow> rows)
    {
        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        var feed = new SyndicationFeed(title, title, new Uri(origin + path))
        {
            LastUpdatedTime = rows.Count > 0 ? new DateTimeOffset(rows[0].CreatedAt, TimeSpan.Zero) : DateTimeOffset.UnixEpoch,
            Items = [.. rows.Select(r => Item(origin, r))],
        };
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Async = false }))
        {
            new Rss20FeedFormatter(feed, serializeExtensionsAsAtom: false).WriteTo(writer);
        }
        return Results.Bytes(buffer.ToArray(), "application/rss+xml; charset=utf-8");
    }

    private static SyndicationItem Item(string origin, FeedRow row)
    {
        var link = new Uri(origin + ArticleLinks.CommentUrl(row.ArticlePublishedAt, row.ArticleSlug, row.Id));
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

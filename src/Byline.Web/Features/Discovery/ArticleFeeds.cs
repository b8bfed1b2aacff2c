using System.Globalization;
using System.ServiceModel.Syndication;
using System.Xml;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Site;
using Byline.Web.Features.Taxonomy;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Byline.Web.Features.Discovery;

/// <summary>
/// RSS 2.0 and Atom 1.0 feeds of the latest articles: the site, and each category (with its
/// subcategories), tag and author. Written with System.ServiceModel.Syndication; answered with
/// ETag and Last-Modified so feed readers that poll get a 304 when nothing changed.
/// </summary>
public static class ArticleFeeds
{
    private const int Items = 20;

    public static IEndpointRouteBuilder MapArticleFeeds(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (suffix, atom) in new[] { ("feed", false), ("feed/atom", true) })
        {
            endpoints.MapGet($"/{suffix}", (HttpContext http, BylineDbContext db, SiteSettingsProvider settings, TimeProvider clock, CancellationToken ct) =>
                FeedAsync(http, db, settings, clock, null, "/", atom, ct));
            endpoints.MapGet($"/category/{{slug}}/{suffix}", async (string slug, HttpContext http, BylineDbContext db, SiteSettingsProvider settings,
                CategoryDirectory categories, TimeProvider clock, CancellationToken ct) =>
            {
                var tree = await categories.GetAsync(ct);
                return tree.Find(slug) is not { } category
                    ? Results.NotFound()
                    : await FeedAsync(http, db, settings, clock, new FeedScope(category.Name, tree.SelfAndDescendantIds(category.Id), null, null), category.Url, atom, ct);
            });
            endpoints.MapGet($"/tag/{{slug}}/{suffix}", async (string slug, HttpContext http, BylineDbContext db, SiteSettingsProvider settings, TimeProvider clock, CancellationToken ct) =>
            {
                var name = await db.Tags.Where(t => t.Slug == slug).Select(t => t.Name).SingleOrDefaultAsync(ct);
                return name is null
                    ? Results.NotFound()
                    : await FeedAsync(http, db, settings, clock, new FeedScope(name, null, slug, null), new TagRef(slug, name).Url, atom, ct);
            });
            endpoints.MapGet($"/author/{{slug}}/{suffix}", async (string slug, HttpContext http, BylineDbContext db, SiteSettingsProvider settings, TimeProvider clock, CancellationToken ct) =>
            {
                var author = await db.Authors.Where(a => a.Slug == slug).Select(a => new { a.Id, a.DisplayName }).SingleOrDefaultAsync(ct);
                return author is null
                    ? Results.NotFound()
                    : await FeedAsync(http, db, settings, clock, new FeedScope(author.DisplayName, null, null, author.Id), new AuthorRef(slug, author.DisplayName).Url, atom, ct);
            });
        }
        return endpoints;
    }

    /// <summary>The feed's address for a listing page ("/" for the site, "/category/world" …).</summary>
    public static string FeedUrl(string listingPath) => listingPath == "/" ? "/feed" : $"{listingPath}/feed";

    private sealed record FeedScope(string Name, IReadOnlyList<int>? CategoryIds, string? TagSlug, int? AuthorId);

    private sealed record FeedRow(
        int Id, string Slug, string Title, string? Excerpt, string BodyHtml, DateTime PublishedAt, DateTime UpdatedAt,
        string AuthorName, int CategoryId, List<string> Tags);

    private static async Task<IResult> FeedAsync(
        HttpContext http, BylineDbContext db, SiteSettingsProvider settings, TimeProvider clock, FeedScope? scope, string listingPath, bool atom,
        CancellationToken cancellationToken)
    {
        var site = (await settings.GetAsync(cancellationToken)).Settings;
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.Articles.AsNoTracking().Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= now);
        if (scope?.CategoryIds is { } categoryIds)
        {
            query = query.Where(a => categoryIds.Contains(a.CategoryId));
        }
        if (scope?.TagSlug is string tag)
        {
            query = query.Where(a => a.Tags.Any(t => t.Slug == tag));
        }
        if (scope?.AuthorId is int authorId)
        {
            query = query.Where(a => a.AuthorId == authorId);
        }
        var rows = await query.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id).Take(Items)
            .Select(a => new FeedRow(a.Id, a.Slug, a.Title, a.Excerpt, a.BodyHtml, a.PublishedAt!.Value, a.UpdatedAt, a.Author.DisplayName,
                a.CategoryId, a.Tags.OrderBy(t => t.Name).Select(t => t.Name).ToList()))
            .ToListAsync(cancellationToken);

        // Validators: the newest change among the items, and which items they are.
        var lastModified = rows.Count == 0 ? DateTime.UnixEpoch : rows.Max(r => r.UpdatedAt > r.PublishedAt ? r.UpdatedAt : r.PublishedAt);
        // string.GetHashCode differs per process; a content hash gives every node and restart the same tag.
        var items = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.ASCII.GetBytes(string.Join('.', rows.Select(r => r.Id)))))[..16];
        var etag = new EntityTagHeaderValue(string.Create(CultureInfo.InvariantCulture,
            $"\"{(atom ? 'a' : 'r')}{lastModified.Ticks:x}-{items}\""));
        var lastModifiedOffset = new DateTimeOffset(DateTime.SpecifyKind(lastModified, DateTimeKind.Utc)).AddTicks(-(lastModified.Ticks % TimeSpan.TicksPerSecond));
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.LastModified = lastModifiedOffset;
        var request = http.Request.GetTypedHeaders();
        if (request.IfNoneMatch.Count > 0
                ? request.IfNoneMatch.Any(t => t.Compare(etag, useStrongComparison: false))
                : request.IfModifiedSince is { } since && lastModifiedOffset <= since)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        var title = scope is null ? site.Title : $"{scope.Name} – {site.Title}";
        var feed = new SyndicationFeed(title, site.Tagline, new Uri(origin + listingPath), $"{origin}{FeedUrl(listingPath)}", new DateTimeOffset(lastModified, TimeSpan.Zero))
        {
            Language = site.Culture,
            Items = [.. rows.Select(r => Item(origin, r))],
        };
        feed.Links.Add(new SyndicationLink(new Uri(origin + FeedUrl(listingPath) + (atom ? "/atom" : "")), "self", title, atom ? "application/atom+xml" : "application/rss+xml", 0));
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false) }))
        {
            SyndicationFeedFormatter formatter = atom ? new Atom10FeedFormatter(feed) : new Rss20FeedFormatter(feed);
            formatter.WriteTo(writer);
        }
        return Results.Bytes(buffer.ToArray(), atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8");
    }

    private static SyndicationItem Item(string origin, FeedRow row)
    {
        var link = new Uri(origin + ArticleLinks.Url(row.PublishedAt, row.Slug));
        // The id survives a slug or permalink change: it names the article, not its address.
        var item = new SyndicationItem(row.Title, new TextSyndicationContent(row.BodyHtml, TextSyndicationContentKind.Html), link,
            $"{origin}/?p={row.Id}", new DateTimeOffset(row.UpdatedAt, TimeSpan.Zero))
        {
            PublishDate = new DateTimeOffset(row.PublishedAt, TimeSpan.Zero),
            Summary = new TextSyndicationContent(row.BodyHtml, TextSyndicationContentKind.Html),
        };
        item.Authors.Add(new SyndicationPerson { Name = row.AuthorName });
        foreach (var tag in row.Tags)
        {
            item.Categories.Add(new SyndicationCategory(tag));
        }
        return item;
    }
}

using System.Globalization;
using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Media;
using Byline.Web.Features.Site;
using Byline.Web.Features.Taxonomy;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Discovery;

/// <summary>
/// RSS 2.0 and Atom 1.0 feeds of the latest articles: the site, and each category (with its
/// subcategories), tag and author. Written with System.ServiceModel.Syndication, full text or excerpt
/// (<see cref="SiteSettings.FeedFullText"/>), featured images as enclosures; built once per version
/// and served from <see cref="FeedCache"/>, with ETag and Last-Modified for 304s.
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

    private sealed record VersionRow(int Id, DateTime PublishedAt, DateTime UpdatedAt);

    private sealed record FeedRow(
        int Id, string Slug, string Title, string? Excerpt, string BodyHtml, DateTime PublishedAt, DateTime UpdatedAt,
        string AuthorName, List<string> Tags, string? ImageUrl, string? ImageAlt, int CategoryId);

    private const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";

    private static async Task<IResult> FeedAsync(
        HttpContext http, BylineDbContext db, SiteSettingsProvider settings, TimeProvider clock, FeedScope? scope, string listingPath, bool atom,
        CancellationToken cancellationToken)
    {
        var site = (await settings.GetAsync(cancellationToken)).Settings;
        var links = await http.RequestServices.GetRequiredService<Permalinks>().GetAsync(cancellationToken);
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
        var newest = query.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id).Take(Items);
        // The version: which items, and when each last changed (no bodies read), and what the feed is written from.
        var items = await newest.Select(a => new VersionRow(a.Id, a.PublishedAt!.Value, a.UpdatedAt)).ToListAsync(cancellationToken);
        var lastModified = items.Count == 0 ? DateTime.UnixEpoch : items.Max(r => r.UpdatedAt > r.PublishedAt ? r.UpdatedAt : r.PublishedAt);
        var title = scope is null ? site.Title : $"{scope.Name} – {site.Title}";
        var version = (atom ? "a" : "r") + FeedCache.Version([
            title, site.Tagline, site.Culture, site.FeedFullText ? "full" : "excerpt", links.Fingerprint,
            .. items.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Id}:{r.UpdatedAt.Ticks}:{r.PublishedAt.Ticks}"))]);

        var cache = http.RequestServices.GetRequiredService<FeedCache>();
        return await cache.ServeAsync(http, version, lastModified, atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8", async () =>
        {
            var ids = items.Select(r => r.Id).ToList();
            var rows = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id))
                .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
                .Select(a => new FeedRow(a.Id, a.Slug, a.Title, a.Excerpt, a.BodyHtml, a.PublishedAt!.Value, a.UpdatedAt, a.Author.DisplayName,
                    a.Tags.OrderBy(t => t.Name).Select(t => t.Name).ToList(), a.FeaturedImageUrl, a.FeaturedImageAlt, a.CategoryId))
                .ToListAsync(cancellationToken);
            var media = http.RequestServices.GetRequiredService<MediaLibrary>();
            var origin = $"{http.Request.Scheme}://{http.Request.Host}";
            var feed = new SyndicationFeed(title, site.Tagline, new Uri(origin + listingPath), $"{origin}{FeedUrl(listingPath)}", new DateTimeOffset(lastModified, TimeSpan.Zero))
            {
                Language = site.Culture,
            };
            if (!atom && site.FeedFullText)
            {
                feed.AttributeExtensions.Add(new XmlQualifiedName("content", "http://www.w3.org/2000/xmlns/"), ContentNamespace);
            }
            var built = new List<SyndicationItem>(rows.Count);
            foreach (var row in rows)
            {
                built.Add(Item(origin, links, row, atom, site.FeedFullText, await EnclosureAsync(origin, row, media, cancellationToken)));
            }
            feed.Items = built;
            feed.Links.Add(new SyndicationLink(new Uri(origin + FeedUrl(listingPath) + (atom ? "/atom" : "")), "self", title, atom ? "application/atom+xml" : "application/rss+xml", 0));
            using var buffer = new MemoryStream();
            using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false) }))
            {
                SyndicationFeedFormatter formatter = atom ? new Atom10FeedFormatter(feed) : new Rss20FeedFormatter(feed);
                formatter.WriteTo(writer);
            }
            return buffer.ToArray();
        });
    }

    /// <summary>
    /// The featured image as an enclosure: library images with their stored size and type, external
    /// https images with length 0 (unknown, as the RSS specification allows) and a type from the extension.
    /// </summary>
    private static async Task<SyndicationLink?> EnclosureAsync(string origin, FeedRow row, MediaLibrary media, CancellationToken cancellationToken)
    {
        if (row.ImageUrl is not { Length: > 0 } url)
        {
            return null;
        }
        if (url.StartsWith(MediaImage.UrlPrefix, StringComparison.Ordinal))
        {
            var image = await media.FindByUrlAsync(url, cancellationToken);
            if (image is null)
            {
                return null; // the image was deleted from the library: no enclosure rather than a dead one
            }
            var original = image.Url == url;
            return Enclosure(new Uri(origin + url), original ? image.Length : 0, original ? image.ContentType : GuessType(url), row.ImageAlt);
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var external) && external.Scheme == Uri.UriSchemeHttps
            ? Enclosure(external, 0, GuessType(external.AbsolutePath), row.ImageAlt)
            : null;
    }

    private static SyndicationLink Enclosure(Uri url, long length, string type, string? alt) =>
        new(url, "enclosure", alt, type, length);

    private static string GuessType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        ".avif" => "image/avif",
        ".svg" => "image/svg+xml",
        _ => "image/jpeg",
    };

    private static SyndicationItem Item(string origin, PermalinkScheme links, FeedRow row, bool atom, bool fullText, SyndicationLink? enclosure)
    {
        var link = new Uri(origin + links.Url(row.PublishedAt, row.Slug, row.CategoryId));
        var excerpt = System.Net.WebUtility.HtmlEncode(string.IsNullOrWhiteSpace(row.Excerpt) ? row.Title : row.Excerpt);
        // The id survives a slug or permalink change: it names the article, not its address.
        var item = new SyndicationItem(row.Title, (SyndicationContent?)null, link, $"{origin}/?p={row.Id}", new DateTimeOffset(row.UpdatedAt, TimeSpan.Zero))
        {
            PublishDate = new DateTimeOffset(row.PublishedAt, TimeSpan.Zero),
        };
        if (atom)
        {
            // Atom: the excerpt as summary; with full text, the body as <content type="html">.
            item.Summary = new TextSyndicationContent(excerpt, TextSyndicationContentKind.Html);
            if (fullText)
            {
                item.Content = new TextSyndicationContent(row.BodyHtml, TextSyndicationContentKind.Html);
            }
        }
        else
        {
            // RSS: <description> carries the body (what most readers show) or the excerpt; the body also
            // goes into content:encoded, where readers that separate summary and full text look for it.
            item.Summary = new TextSyndicationContent(fullText ? row.BodyHtml : excerpt, TextSyndicationContentKind.Html);
            if (fullText)
            {
                item.ElementExtensions.Add(new XElement(XName.Get("encoded", ContentNamespace), row.BodyHtml));
            }
        }
        if (enclosure is not null && atom)
        {
            item.Links.Add(enclosure);
        }
        else if (enclosure is not null)
        {
            // Written by hand: Rss20FeedFormatter leaves out length="0", which RSS 2.0 requires.
            item.ElementExtensions.Add(new XElement("enclosure",
                new XAttribute("url", enclosure.Uri.AbsoluteUri),
                new XAttribute("length", enclosure.Length.ToString(CultureInfo.InvariantCulture)),
                new XAttribute("type", enclosure.MediaType)));
        }
        item.Authors.Add(new SyndicationPerson { Name = row.AuthorName });
        foreach (var tag in row.Tags)
        {
            item.Categories.Add(new SyndicationCategory(tag));
        }
        return item;
    }
}

using System.Globalization;
using System.Xml;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Taxonomy;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Discovery;

/// <summary>
/// robots.txt and the sitemaps protocol: an index at /sitemap.xml pointing at article sitemaps
/// (50,000 URLs each, the protocol's limit), and one each for pages, categories, tags and authors.
/// Only published, public content is listed.
/// </summary>
public static class Sitemaps
{
    public const int UrlsPerFile = 50_000;
    private const string Namespace = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly string[] OtherSitemaps = ["pages", "categories", "tags", "authors"];

    public static IEndpointRouteBuilder MapSitemaps(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/robots.txt", (HttpContext http) => Results.Text(
            $"User-agent: *\nDisallow: /admin/\n\nSitemap: {Origin(http)}/sitemap.xml\n", "text/plain; charset=utf-8"));
        endpoints.MapGet("/sitemap.xml", IndexAsync);
        endpoints.MapGet("/sitemaps/articles-{number:int}.xml", ArticlesAsync);
        endpoints.MapGet("/sitemaps/pages.xml", Pages);
        endpoints.MapGet("/sitemaps/categories.xml", CategoriesAsync);
        endpoints.MapGet("/sitemaps/tags.xml", TagsAsync);
        endpoints.MapGet("/sitemaps/authors.xml", AuthorsAsync);
        return endpoints;
    }

    private static async Task<IResult> IndexAsync(HttpContext http, ArticleQueries articles, CancellationToken cancellationToken)
    {
        var published = articles.Published();
        var count = await published.CountAsync(cancellationToken);
        var latest = count == 0 ? (DateTime?)null : await published.MaxAsync(a => a.UpdatedAt, cancellationToken);
        var files = Math.Max(1, (count + UrlsPerFile - 1) / UrlsPerFile);
        var origin = Origin(http);
        var entries = Enumerable.Range(1, files).Select(n => ($"{origin}/sitemaps/articles-{n}.xml", latest))
            .Concat(OtherSitemaps.Select(name => ($"{origin}/sitemaps/{name}.xml", latest)));
        return Xml(writer =>
        {
            writer.WriteStartElement("sitemapindex", Namespace);
            foreach (var (loc, lastmod) in entries)
            {
                writer.WriteStartElement("sitemap", Namespace);
                writer.WriteElementString("loc", Namespace, loc);
                WriteLastmod(writer, lastmod);
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
        });
    }

    private static async Task<IResult> ArticlesAsync(int number, HttpContext http, ArticleQueries articles, Permalinks permalinks, CancellationToken cancellationToken)
    {
        if (number < 1)
        {
            return Results.NotFound();
        }
        var rows = await articles.Published()
            .OrderBy(a => a.PublishedAt).ThenBy(a => a.Id)
            .Skip((number - 1) * UrlsPerFile).Take(UrlsPerFile)
            .Select(a => new { a.Slug, PublishedAt = a.PublishedAt!.Value, a.UpdatedAt, a.CategoryId })
            .ToListAsync(cancellationToken);
        if (rows.Count == 0 && number > 1)
        {
            return Results.NotFound();
        }
        var origin = Origin(http);
        var links = await permalinks.GetAsync(cancellationToken);
        return UrlSet(rows.Select(r => (origin + links.Url(r.PublishedAt, r.Slug, r.CategoryId), (DateTime?)r.UpdatedAt)));
    }

    private static IResult Pages(HttpContext http) =>
        UrlSet([(Origin(http) + "/", null), (Origin(http) + "/privacy", null)]);

    private static async Task<IResult> CategoriesAsync(HttpContext http, ArticleQueries articles, CategoryDirectory categories, CancellationToken cancellationToken)
    {
        var tree = await categories.GetAsync(cancellationToken);
        var latest = await articles.Published().GroupBy(a => a.CategoryId)
            .Select(g => new { g.Key, Latest = g.Max(a => a.UpdatedAt) }).ToDictionaryAsync(x => x.Key, x => x.Latest, cancellationToken);
        var origin = Origin(http);
        // A category is worth listing when it or a subcategory has articles.
        return UrlSet(tree.All
            .Select(c => (Node: c, Latest: tree.SelfAndDescendantIds(c.Id).Where(latest.ContainsKey).Select(id => (DateTime?)latest[id]).Max()))
            .Where(x => x.Latest is not null)
            .Select(x => (origin + x.Node.Url, x.Latest)));
    }

    private static async Task<IResult> TagsAsync(HttpContext http, BylineDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.Tags.AsNoTracking()
            .Select(t => new
            {
                t.Slug,
                t.Name,
                Latest = t.Articles.Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= now).Max(a => (DateTime?)a.UpdatedAt),
            })
            .Where(t => t.Latest != null)
            .OrderBy(t => t.Slug)
            .ToListAsync(cancellationToken);
        var origin = Origin(http);
        return UrlSet(rows.Select(r => (origin + new TagRef(r.Slug, r.Name).Url, r.Latest)));
    }

    private static async Task<IResult> AuthorsAsync(HttpContext http, ArticleQueries articles, CancellationToken cancellationToken)
    {
        var rows = await articles.Published().GroupBy(a => new { a.Author.Slug, a.Author.DisplayName })
            .Select(g => new { g.Key.Slug, g.Key.DisplayName, Latest = g.Max(a => a.UpdatedAt) })
            .ToListAsync(cancellationToken);
        var origin = Origin(http);
        return UrlSet(rows.OrderBy(r => r.Slug, StringComparer.Ordinal).Select(r => (origin + new AuthorRef(r.Slug, r.DisplayName).Url, (DateTime?)r.Latest)));
    }

    private static IResult UrlSet(IEnumerable<(string Loc, DateTime? Lastmod)> urls) => Xml(writer =>
    {
        writer.WriteStartElement("urlset", Namespace);
        foreach (var (loc, lastmod) in urls)
        {
            writer.WriteStartElement("url", Namespace);
            writer.WriteElementString("loc", Namespace, loc);
            WriteLastmod(writer, lastmod);
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
    });

    private static void WriteLastmod(XmlWriter writer, DateTime? lastmod)
    {
        if (lastmod is DateTime value)
        {
            writer.WriteElementString("lastmod", Namespace,
                DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
    }

    private static IResult Xml(Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false) }))
        {
            writer.WriteStartDocument();
            write(writer);
        }
        return Results.Bytes(buffer.ToArray(), "application/xml; charset=utf-8");
    }

    private static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";
}

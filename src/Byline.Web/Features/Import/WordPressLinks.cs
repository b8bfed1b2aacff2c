using Byline.Web.Features.Articles;
using Byline.Web.Features.Pages;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Import;

/// <summary>
/// Old WordPress short links (<c>/?p=123</c>, <c>/?page_id=45</c>) answer with a 301 to the imported
/// article or page. Only requests for <c>/</c> carrying one of those keys touch the database.
/// </summary>
public sealed class WordPressLinkMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if ((request.Path.Value is null or "" or "/") && request.QueryString.HasValue
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && (request.Query.TryGetValue("p", out var p) | request.Query.TryGetValue("page_id", out var pageId)))
        {
            var (kind, id) = p.Count == 1 && IsId(p[0]) ? ("post", p[0]!) : pageId.Count == 1 && IsId(pageId[0]) ? ("page", pageId[0]!) : ("", "");
            if (kind.Length > 0)
            {
                var db = context.RequestServices.GetRequiredService<BylineDbContext>();
                var clock = context.RequestServices.GetRequiredService<TimeProvider>();
                var links = await context.RequestServices.GetRequiredService<Permalinks>().GetAsync(context.RequestAborted);
                if (await ResolveAsync(db, links, kind, id, clock.GetUtcNow().UtcDateTime, context.RequestAborted) is { } target)
                {
                    context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                    context.Response.Headers.Location = target;
                    return;
                }
            }
        }
        await next(context);
    }

    private static bool IsId(string? value) => value is { Length: > 0 and <= 18 } && value.All(char.IsAsciiDigit);

    /// <summary>The current address of an imported post or page, or null (not imported, or not published).</summary>
    public static async Task<string?> ResolveAsync(
        BylineDbContext db, PermalinkScheme links, string kind, string externalId, DateTime now, CancellationToken cancellationToken)
    {
        // A ?p= link may point at a page too (WordPress accepts both).
        var mappings = await db.ImportMappings.AsNoTracking()
            .Where(m => (m.Kind == "post" || m.Kind == "page") && m.ExternalId == externalId)
            .OrderBy(m => m.Kind == kind ? 0 : 1).ThenBy(m => m.Id)
            .Select(m => new { m.Kind, m.LocalId }).Take(4).ToListAsync(cancellationToken);
        foreach (var mapping in mappings)
        {
            if (mapping.Kind == "post")
            {
                var article = await db.Articles.AsNoTracking()
                    .Where(a => a.Id == mapping.LocalId && a.Status == ArticleStatus.Published && a.PublishedAt <= now)
                    .Select(a => new { a.Slug, a.PublishedAt, a.CategoryId }).SingleOrDefaultAsync(cancellationToken);
                if (article is not null)
                {
                    return links.Url(article.PublishedAt!.Value, article.Slug, article.CategoryId);
                }
            }
            else
            {
                var slug = await db.StaticPages.AsNoTracking()
                    .Where(x => x.Id == mapping.LocalId && x.Status == StaticPageStatus.Published)
                    .Select(x => x.Slug).SingleOrDefaultAsync(cancellationToken);
                if (slug is not null)
                {
                    return "/" + Uri.EscapeDataString(slug);
                }
            }
        }
        return null;
    }
}

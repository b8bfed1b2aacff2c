using Byline.Web.Features.Comments;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Articles;

public sealed record TagRef(string Slug, string Name)
{
    public string Url => $"/tag/{Uri.EscapeDataString(Slug)}";
}

public sealed record AuthorRef(string Slug, string Name)
{
    public string Url => $"/author/{Uri.EscapeDataString(Slug)}";
}

/// <summary>An article as a list item: home, category, tag and author pages, related articles.</summary>
public sealed record ArticleCard(
    int Id, string Slug, string Title, string? Excerpt, DateTime PublishedAt, AuthorRef Author, int CategoryId, int CommentCount)
{
    /// <summary>Set by <see cref="ArticleQueries"/> from the site's permalink structure.</summary>
    public string Url { get; init; } = "";
}

/// <summary>Everything the article page shows about the article itself.</summary>
public sealed record ArticleDetail(
    int Id, string Slug, string Title, string? Excerpt, string BodyHtml, DateTime PublishedAt, DateTime UpdatedAt,
    bool CommentsOpen, AuthorRef Author, int CategoryId, IReadOnlyList<TagRef> Tags, string? FeaturedImageUrl = null, string? FeaturedImageAlt = null)
{
    /// <summary>Set by <see cref="ArticleQueries"/> from the site's permalink structure.</summary>
    public string Url { get; init; } = "";
}

public sealed record ArticleListFilter(IReadOnlyList<int>? CategoryIds = null, string? TagSlug = null, int? AuthorId = null)
{
    /// <summary>Sticky articles before the rest (the home page, as in WordPress).</summary>
    public bool StickyFirst { get; init; }

    /// <summary>Published at or after this UTC time (date archives).</summary>
    public DateTime? From { get; init; }

    /// <summary>Published before this UTC time.</summary>
    public DateTime? Before { get; init; }
}

public sealed record ArticlePage(IReadOnlyList<ArticleCard> Items, int PageNumber, int TotalPages, int TotalCount);

public sealed class ArticleQueries(BylineDbContext db, TimeProvider clock, Permalinks permalinks)
{
    /// <summary>
    /// Keeps one connection open for the rest of the request instead of an open and close around
    /// each query (every open takes the connection pool's lock). The context closes it at the end.
    /// </summary>
    public Task HoldConnectionAsync(CancellationToken cancellationToken) => db.Database.OpenConnectionAsync(cancellationToken);

    public IQueryable<Article> Published()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Articles.AsNoTracking().Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= now);
    }

    /// <summary>
    /// The article with its author, then its tags: two short statements rather than one with a
    /// collection join, because on SQLite preparing the joined statement cost more than running both.
    /// Both are compiled once: the article page is the hottest path there is.
    /// </summary>
    public async Task<ArticleDetail?> FindBySlugAsync(string slug, CancellationToken cancellationToken)
    {
        var row = await ArticleBySlug(db, slug, clock.GetUtcNow().UtcDateTime);
        if (row is null)
        {
            return null;
        }
        var tags = new List<TagRef>();
        await foreach (var tag in TagsOfArticle(db, row.Id).WithCancellation(cancellationToken))
        {
            tags.Add(tag);
        }
        var links = await permalinks.GetAsync(cancellationToken);
        return new ArticleDetail(row.Id, row.Slug, row.Title, row.Excerpt, row.BodyHtml, row.PublishedAt, row.UpdatedAt,
            row.CommentsOpen, new AuthorRef(row.AuthorSlug, row.AuthorName), row.CategoryId, tags, row.FeaturedImageUrl, row.FeaturedImageAlt)
        {
            Url = links.Url(row.PublishedAt, row.Slug, row.CategoryId),
        };
    }

    private sealed record ArticleRow(
        int Id, string Slug, string Title, string? Excerpt, string BodyHtml, DateTime PublishedAt, DateTime UpdatedAt,
        bool CommentsOpen, string AuthorSlug, string AuthorName, int CategoryId, string? FeaturedImageUrl, string? FeaturedImageAlt);

    private static readonly Func<BylineDbContext, string, DateTime, Task<ArticleRow?>> ArticleBySlug =
        EF.CompileAsyncQuery((BylineDbContext db, string slug, DateTime now) =>
            db.Articles.AsNoTracking()
                .Where(a => a.Slug == slug && a.Status == ArticleStatus.Published && a.PublishedAt <= now)
                .Select(a => new ArticleRow(a.Id, a.Slug, a.Title, a.Excerpt, a.BodyHtml, a.PublishedAt!.Value, a.UpdatedAt,
                    a.CommentsOpen, a.Author.Slug, a.Author.DisplayName, a.CategoryId, a.FeaturedImageUrl, a.FeaturedImageAlt))
                .FirstOrDefault());

    private static readonly Func<BylineDbContext, int, IAsyncEnumerable<TagRef>> TagsOfArticle =
        EF.CompileAsyncQuery((BylineDbContext db, int articleId) =>
            db.Tags.AsNoTracking()
                .Where(t => t.Articles.Any(a => a.Id == articleId))
                .OrderBy(t => t.Name)
                .Select(t => new TagRef(t.Slug, t.Name)));

    /// <summary>One page of published articles, newest first. Returns null for a page past the end.</summary>
    public async Task<ArticlePage?> ListAsync(ArticleListFilter filter, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var query = Published();
        if (filter.CategoryIds is { Count: > 0 } categoryIds)
        {
            query = query.Where(a => categoryIds.Contains(a.CategoryId));
        }
        if (filter.TagSlug is string tagSlug)
        {
            query = query.Where(a => a.Tags.Any(t => t.Slug == tagSlug));
        }
        if (filter.AuthorId is int authorId)
        {
            query = query.Where(a => a.AuthorId == authorId);
        }
        if (filter.From is DateTime from)
        {
            query = query.Where(a => a.PublishedAt >= from);
        }
        if (filter.Before is DateTime before)
        {
            query = query.Where(a => a.PublishedAt < before);
        }

        var total = await query.CountAsync(cancellationToken);
        var totalPages = Math.Max(1, (total + pageSize - 1) / pageSize);
        if (pageNumber > totalPages)
        {
            return null;
        }
        var ordered = filter.StickyFirst
            ? query.OrderByDescending(a => a.IsSticky).ThenByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            : query.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id);
        var items = await ToCards(ordered.Skip((pageNumber - 1) * pageSize).Take(pageSize))
            .ToListAsync(cancellationToken);
        return new ArticlePage(await WithUrlsAsync(items, cancellationToken), pageNumber, totalPages, total);
    }

    /// <summary>The cards with their URLs in the site's permalink structure.</summary>
    public async Task<IReadOnlyList<ArticleCard>> WithUrlsAsync(IReadOnlyList<ArticleCard> cards, CancellationToken cancellationToken)
    {
        var links = await permalinks.GetAsync(cancellationToken);
        return [.. cards.Select(c => c with { Url = links.Url(c.PublishedAt, c.Slug, c.CategoryId) })];
    }

    /// <summary>Cards without URLs: pass the list through <see cref="WithUrlsAsync"/>.</summary>
    public IQueryable<ArticleCard> ToCards(IQueryable<Article> articles) =>
        articles.Select(a => new ArticleCard(
            a.Id, a.Slug, a.Title, a.Excerpt, a.PublishedAt!.Value,
            new AuthorRef(a.Author.Slug, a.Author.DisplayName), a.CategoryId,
            db.Comments.Count(c => c.ArticleId == a.Id && c.Status == CommentStatus.Approved)));
}

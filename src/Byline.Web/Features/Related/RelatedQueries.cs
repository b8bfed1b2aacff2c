using Byline.Web.Features.Articles;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Related;

public sealed class RelatedQueries(BylineDbContext db, TimeProvider clock, Permalinks permalinks)
{
    /// <summary>The precomputed related articles, in rank order, still published.</summary>
    public async Task<IReadOnlyList<RelatedCard>> ForArticleAsync(int articleId, CancellationToken cancellationToken)
    {
        var cards = new List<RelatedCard>();
        var links = await permalinks.GetAsync(cancellationToken);
        await foreach (var row in RelatedOf(db, articleId, clock.GetUtcNow().UtcDateTime).WithCancellation(cancellationToken))
        {
            cards.Add(new RelatedCard(row.Title, links.Url(row.PublishedAt, row.Slug, row.CategoryId), row.PublishedAt));
        }
        return cards;
    }

    private sealed record RelatedRow(string Slug, string Title, DateTime PublishedAt, int CategoryId);

    // Compiled once: this runs on every article page.
    private static readonly Func<BylineDbContext, int, DateTime, IAsyncEnumerable<RelatedRow>> RelatedOf =
        EF.CompileAsyncQuery((BylineDbContext db, int articleId, DateTime now) =>
            db.RelatedArticles
                .Where(r => r.ArticleId == articleId)
                .Join(db.Articles.Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= now),
                    r => r.RelatedArticleId, a => a.Id,
                    (r, a) => new { r.Position, Row = new RelatedRow(a.Slug, a.Title, a.PublishedAt!.Value, a.CategoryId) })
                .OrderBy(x => x.Position)
                .Select(x => x.Row));
}

/// <summary>What the "Related articles" box shows of an article.</summary>
public sealed record RelatedCard(string Title, string Url, DateTime PublishedAt);

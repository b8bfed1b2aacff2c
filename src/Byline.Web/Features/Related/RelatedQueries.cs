using Byline.Web.Features.Articles;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Related;

public sealed class RelatedQueries(BylineDbContext db, ArticleQueries articles)
{
    /// <summary>The precomputed related articles, in rank order, still published.</summary>
    public async Task<IReadOnlyList<RelatedCard>> ForArticleAsync(int articleId, CancellationToken cancellationToken)
    {
        var rows = await db.RelatedArticles
            .Where(r => r.ArticleId == articleId)
            .Join(articles.Published(), r => r.RelatedArticleId, a => a.Id,
                (r, a) => new { r.Position, a.Slug, a.Title, PublishedAt = a.PublishedAt!.Value })
            .OrderBy(x => x.Position)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new RelatedCard(r.Title, ArticleLinks.Url(r.PublishedAt, r.Slug), r.PublishedAt))];
    }
}

/// <summary>What the "Related articles" box shows of an article.</summary>
public sealed record RelatedCard(string Title, string Url, DateTime PublishedAt);

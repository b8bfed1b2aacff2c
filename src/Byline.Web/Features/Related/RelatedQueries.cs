using Byline.Web.Features.Articles;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Related;

public sealed class RelatedQueries(BylineDbContext db, ArticleQueries articles)
{
    /// <summary>The precomputed related articles, in rank order, still published.</summary>
    public async Task<IReadOnlyList<ArticleCard>> ForArticleAsync(int articleId, CancellationToken cancellationToken)
    {
        var ranked = db.RelatedArticles
            .Where(r => r.ArticleId == articleId)
            .Join(articles.Published(), r => r.RelatedArticleId, a => a.Id, (r, a) => new { r.Position, Article = a })
            .OrderBy(x => x.Position)
            .Select(x => x.Article);
        return await articles.ToCards(ranked).ToListAsync(cancellationToken);
    }
}

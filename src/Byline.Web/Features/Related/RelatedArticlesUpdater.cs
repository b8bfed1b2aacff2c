using Byline.Web.Features.Articles;
using Byline.Web.Features.Site;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Related;

/// <summary>
/// Writes the precomputed related-article slots. Called when an article is published or changed
/// (and after an import or the demo seed), never while a page is served.
/// </summary>
public sealed class RelatedArticlesUpdater(BylineDbContext db, MarkdownRenderer markdown, SiteSettingsProvider settings, TimeProvider clock)
{
    /// <summary>Recomputes every published article's list.</summary>
    public async Task RecomputeAllAsync(CancellationToken cancellationToken)
    {
        var ranker = await LoadRankerAsync(cancellationToken);
        var ids = await Published().Select(a => a.Id).ToListAsync(cancellationToken);
        await SaveAsync(ranker, ids, cancellationToken);
    }

    /// <summary>
    /// After one article changed: its own list, plus the lists that showed it before or should show it now.
    /// </summary>
    public async Task RecomputeForAsync(int articleId, CancellationToken cancellationToken)
    {
        var ranker = await LoadRankerAsync(cancellationToken);
        var count = await RelatedCountAsync(cancellationToken);
        var affected = new HashSet<int> { articleId };
        affected.UnionWith(await db.RelatedArticles.Where(r => r.RelatedArticleId == articleId).Select(r => r.ArticleId).ToListAsync(cancellationToken));
        affected.UnionWith(ranker.Rank(articleId, count).Select(m => m.ArticleId));
        await SaveAsync(ranker, affected, cancellationToken);
    }

    /// <summary>After an editor pinned or excluded an article: that article's list only.</summary>
    public async Task RecomputeListAsync(int articleId, CancellationToken cancellationToken) =>
        await SaveAsync(await LoadRankerAsync(cancellationToken), [articleId], cancellationToken);

    private async Task SaveAsync(RelatedArticleRanker ranker, IReadOnlyCollection<int> articleIds, CancellationToken cancellationToken)
    {
        var count = await RelatedCountAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var chunk in articleIds.Chunk(500))
        {
            await db.RelatedArticles.Where(r => chunk.Contains(r.ArticleId)).ExecuteDeleteAsync(cancellationToken);
            var choices = (await db.RelatedArticleChoices.AsNoTracking().Where(c => chunk.Contains(c.ArticleId)).ToListAsync(cancellationToken))
                .ToLookup(c => c.ArticleId);
            foreach (var id in chunk)
            {
                // Editors' pins first, in their order (only those still published), then the ranker's
                // choice for the remaining slots, never an excluded or already pinned article.
                var pins = choices[id].Where(c => c.Pinned && ranker.Knows(c.OtherArticleId) && c.OtherArticleId != id)
                    .OrderBy(c => c.Position).Select(c => new RelatedMatch(c.OtherArticleId, 0)).Take(count).ToList();
                var skip = choices[id].Select(c => c.OtherArticleId).ToHashSet();
                var position = 0;
                foreach (var match in pins.Concat(ranker.Rank(id, count - pins.Count, skip)))
                {
                    db.RelatedArticles.Add(new RelatedArticle { ArticleId = id, Position = position++, RelatedArticleId = match.ArticleId, Score = match.Score });
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<RelatedArticleRanker> LoadRankerAsync(CancellationToken cancellationToken)
    {
        var rows = await Published()
            .Select(a => new { a.Id, a.Title, a.BodyMarkdown, a.CategoryId, PublishedAt = a.PublishedAt!.Value, TagIds = a.Tags.Select(t => t.Id).ToList() })
            .ToListAsync(cancellationToken);
        return new RelatedArticleRanker(rows.Select(r =>
            new RelatedDocument(r.Id, r.Title, markdown.ToPlainText(r.BodyMarkdown), r.TagIds.ToHashSet(), r.CategoryId, r.PublishedAt)));
    }

    private async Task<int> RelatedCountAsync(CancellationToken cancellationToken) =>
        Math.Clamp((await settings.GetAsync(cancellationToken)).Settings.RelatedCount, 3, 6);

    private IQueryable<Article> Published()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Articles.AsNoTracking().Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= now);
    }
}

using System.Security.Claims;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Audit;
using Byline.Web.Features.Identity;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Related;

public enum RelatedChoiceOutcome { Saved, NotFound, Forbidden, Invalid }

/// <summary>One article in the editor's "Related articles" fieldset.</summary>
public sealed record RelatedChoiceItem(int Id, string Title);

/// <summary>What the editor shows: the box as readers see it (pins marked), the exclusions, and articles to pin.</summary>
public sealed record RelatedChoicesView(
    IReadOnlyList<(RelatedChoiceItem Article, bool Pinned)> Shown, IReadOnlyList<RelatedChoiceItem> Excluded, IReadOnlyList<RelatedChoiceItem> Pinnable);

/// <summary>
/// Editors' pins and exclusions for one article's related-articles box. Pins come first in the
/// order they were pinned, excluded articles never appear, and the ranker fills the remaining
/// slots (<see cref="RelatedArticlesUpdater"/> applies them when it writes the list).
/// </summary>
public sealed class RelatedChoices(BylineDbContext db, RelatedArticlesUpdater updater, AuditLog audit, CacheEviction eviction, TimeProvider clock)
{
    /// <summary>How many recent published articles the "pin" list offers.</summary>
    public const int PinnableCount = 100;

    /// <summary>Managing editors, and the article's own author when their role may publish.</summary>
    public async Task<bool> MayChooseAsync(ClaimsPrincipal user, int articleAuthorId, CancellationToken cancellationToken) =>
        user.CanManageContent() || (user.CanPublish() && await db.AuthorIdAsync(user, cancellationToken) == articleAuthorId);

    public async Task<RelatedChoicesView> LoadAsync(int articleId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var choices = await db.RelatedArticleChoices.AsNoTracking().Where(c => c.ArticleId == articleId).ToListAsync(cancellationToken);
        var pinned = choices.Where(c => c.Pinned).Select(c => c.OtherArticleId).ToHashSet();
        var shown = await db.RelatedArticles.AsNoTracking().Where(r => r.ArticleId == articleId)
            .Join(db.Articles, r => r.RelatedArticleId, a => a.Id, (r, a) => new { r.Position, a.Id, a.Title })
            .OrderBy(x => x.Position).ToListAsync(cancellationToken);
        var excludedIds = choices.Where(c => !c.Pinned).Select(c => c.OtherArticleId).ToList();
        var excluded = await db.Articles.AsNoTracking().Where(a => excludedIds.Contains(a.Id)).OrderBy(a => a.Title)
            .Select(a => new RelatedChoiceItem(a.Id, a.Title)).ToListAsync(cancellationToken);
        var taken = choices.Select(c => c.OtherArticleId).Append(articleId).ToList();
        var pinnable = await db.Articles.AsNoTracking()
            .Where(a => a.Status == ArticleStatus.Published && a.PublishedAt <= now && !taken.Contains(a.Id))
            .OrderByDescending(a => a.PublishedAt).Take(PinnableCount)
            .Select(a => new RelatedChoiceItem(a.Id, a.Title)).ToListAsync(cancellationToken);
        return new RelatedChoicesView(shown.Select(s => (new RelatedChoiceItem(s.Id, s.Title), pinned.Contains(s.Id))).ToList(), excluded, pinnable);
    }

    public Task<RelatedChoiceOutcome> PinAsync(ClaimsPrincipal user, int articleId, int otherId, CancellationToken cancellationToken) =>
        ChangeAsync(user, articleId, otherId, "related.pin", "pinned", async choice =>
        {
            var next = await db.RelatedArticleChoices.Where(c => c.ArticleId == articleId && c.Pinned).Select(c => (int?)c.Position).MaxAsync(cancellationToken);
            if (choice is null)
            {
                db.RelatedArticleChoices.Add(new RelatedArticleChoice { ArticleId = articleId, OtherArticleId = otherId, Pinned = true, Position = (next ?? -1) + 1 });
            }
            else
            {
                (choice.Pinned, choice.Position) = (true, (next ?? -1) + 1);
            }
        }, cancellationToken);

    public Task<RelatedChoiceOutcome> ExcludeAsync(ClaimsPrincipal user, int articleId, int otherId, CancellationToken cancellationToken) =>
        ChangeAsync(user, articleId, otherId, "related.exclude", "excluded", choice =>
        {
            if (choice is null)
            {
                db.RelatedArticleChoices.Add(new RelatedArticleChoice { ArticleId = articleId, OtherArticleId = otherId, Pinned = false });
            }
            else
            {
                (choice.Pinned, choice.Position) = (false, 0);
            }
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>Unpins or stops excluding: the article goes back to the ranker's judgement.</summary>
    public Task<RelatedChoiceOutcome> ResetAsync(ClaimsPrincipal user, int articleId, int otherId, CancellationToken cancellationToken) =>
        ChangeAsync(user, articleId, otherId, "related.reset", "left to the ranker", choice =>
        {
            if (choice is not null)
            {
                db.RelatedArticleChoices.Remove(choice);
            }
            return Task.CompletedTask;
        }, cancellationToken);

    private async Task<RelatedChoiceOutcome> ChangeAsync(
        ClaimsPrincipal user, int articleId, int otherId, string action, string verb, Func<RelatedArticleChoice?, Task> change, CancellationToken cancellationToken)
    {
        var article = await db.Articles.AsNoTracking().Where(a => a.Id == articleId).Select(a => new { a.AuthorId, a.Title, a.Status }).SingleOrDefaultAsync(cancellationToken);
        if (article is null || article.Status == ArticleStatus.Trashed)
        {
            return RelatedChoiceOutcome.NotFound;
        }
        if (!await MayChooseAsync(user, article.AuthorId, cancellationToken))
        {
            return RelatedChoiceOutcome.Forbidden;
        }
        var otherTitle = await db.Articles.AsNoTracking().Where(a => a.Id == otherId && a.Status != ArticleStatus.Trashed).Select(a => a.Title).SingleOrDefaultAsync(cancellationToken);
        if (otherTitle is null || otherId == articleId)
        {
            return RelatedChoiceOutcome.Invalid;
        }
        var choice = await db.RelatedArticleChoices.SingleOrDefaultAsync(c => c.ArticleId == articleId && c.OtherArticleId == otherId, cancellationToken);
        await change(choice);
        await db.SaveChangesAsync(cancellationToken);
        await updater.RecomputeListAsync(articleId, cancellationToken);
        // The article page (and any listing) may be cached with the old box.
        eviction.Evict($"related:{articleId}");
        await audit.RecordAsync(user, action, $"article {articleId} “{article.Title}”", $"article {otherId} “{otherTitle}” {verb}", cancellationToken);
        return RelatedChoiceOutcome.Saved;
    }
}

using System.Security.Claims;
using Byline.Web.Features.Audit;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Popular;
using Byline.Web.Features.Related;
using Byline.Web.Features.Shared;
using Byline.Web.Features.Taxonomy;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Articles;

/// <summary>What the editor asks for when it saves.</summary>
public enum EditorAction
{
    SaveDraft,
    SubmitForReview,
    Publish,
    Schedule,

    /// <summary>Save changes to an article and keep its state (published stays published).</summary>
    Update,
}

/// <summary>The editor form's content, as typed. Everything else (ids, dates, status, versions) is the server's.</summary>
public sealed record ArticleInput(
    string Title, string? Slug, string? Excerpt, string BodyMarkdown, int CategoryId, string? Tags,
    string? FeaturedImageUrl, string? FeaturedImageAlt, bool IsSticky, bool CommentsOpen, int? AuthorId);

public enum EditorOutcome
{
    Saved,
    Invalid,
    Forbidden,
    NotFound,

    /// <summary>Someone saved a newer version since this editor loaded the article; nothing was overwritten.</summary>
    Conflict,
}

public sealed record EditorResult(EditorOutcome Outcome, int ArticleId = 0, IReadOnlyDictionary<string, string>? Errors = null, string? Message = null)
{
    public static EditorResult Invalid(string field, string message) =>
        new(EditorOutcome.Invalid, Errors: new Dictionary<string, string> { [field] = message });
}

/// <summary>
/// The rules of writing and publishing, whatever the form sends: who may edit which article, who may
/// publish, unique slugs with 301s from old addresses, revisions on every save, optimistic
/// concurrency, and the work that follows publishing (related articles, sidebar).
/// </summary>
public sealed class ArticleEditor(
    BylineDbContext db, MarkdownRenderer markdown, TimeProvider clock, AuditLog audit,
    RelatedArticlesUpdater related, CategoryDirectory categories, Sidebar sidebar, Permalinks permalinks)
{
    public const int TitleMaxLength = 300;
    public const int SlugMaxLength = 200;
    public const int ExcerptMaxLength = 1000;
    public const int BodyMaxLength = 500_000;
    public const int MaxTags = 30;

    /// <summary>May this user open the article in the editor at all?</summary>
    public static bool CanEdit(ClaimsPrincipal user, int articleAuthorId, int? userAuthorId, ArticleStatus status) =>
        user.CanManageContent()
        || (articleAuthorId == userAuthorId && (user.CanPublish()
            || status is ArticleStatus.Draft or ArticleStatus.PendingReview));

    public async Task<EditorResult> SaveAsync(
        ClaimsPrincipal user, int? articleId, int? baseVersion, ArticleInput input, EditorAction action, DateTime? scheduleAtUtc,
        bool isAutosave = false, CancellationToken cancellationToken = default)
    {
        var userId = user.UserId() ?? throw new InvalidOperationException("Saving needs a signed-in user.");
        var userAuthorId = await db.AuthorIdAsync(user, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;

        Article article;
        string? oldUrl = null;
        if (articleId is int id)
        {
            var existing = await db.Articles.Include(a => a.Tags).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
            if (existing is null)
            {
                return new EditorResult(EditorOutcome.NotFound);
            }
            if (!CanEdit(user, existing.AuthorId, userAuthorId, existing.Status) || existing.Status == ArticleStatus.Trashed)
            {
                return new EditorResult(EditorOutcome.Forbidden, id, Message: "You may not edit this article.");
            }
            if (baseVersion != existing.Version)
            {
                return new EditorResult(EditorOutcome.Conflict, id,
                    Message: "Someone saved a newer version of this article while you were editing. Your text has not been saved: compare it with the latest revision, then save again.");
            }
            article = existing;
            if (article.Status == ArticleStatus.Published && article.PublishedAt is DateTime publishedAt)
            {
                // In /{category}/{slug} a new category moves the article too.
                oldUrl = (await permalinks.GetAsync(cancellationToken)).Url(publishedAt, article.Slug, article.CategoryId);
            }
        }
        else
        {
            article = new Article
            {
                Title = "",
                Slug = "",
                BodyMarkdown = "",
                BodyHtml = "",
                Status = ArticleStatus.Draft,
                CreatedAt = now,
                AuthorId = userAuthorId ?? throw new InvalidOperationException("The account has no author profile."),
            };
        }

        // Who may do what: contributors never publish, whatever the form says.
        var publishing = action is EditorAction.Publish or EditorAction.Schedule
            || (action == EditorAction.Update && article.Status is ArticleStatus.Published or ArticleStatus.Scheduled);
        if (publishing && !user.CanPublish())
        {
            return new EditorResult(EditorOutcome.Forbidden, article.Id, Message: "Your role can submit articles for review but not publish them.");
        }
        if (action == EditorAction.Update && article.Id == 0)
        {
            action = EditorAction.SaveDraft;
        }

        var errors = await ValidateAsync(input, article.Id, action, scheduleAtUtc, now, cancellationToken);
        if (errors.Count > 0)
        {
            return new EditorResult(EditorOutcome.Invalid, article.Id, errors);
        }

        var slug = string.IsNullOrWhiteSpace(input.Slug) ? await UniqueSlugAsync(Slugs.From(input.Title), article.Id, cancellationToken) : Slugs.From(input.Slug);
        article.Title = input.Title.Trim();
        article.Slug = slug;
        article.Excerpt = string.IsNullOrWhiteSpace(input.Excerpt) ? null : input.Excerpt.Trim();
        article.BodyMarkdown = input.BodyMarkdown;
        article.BodyHtml = markdown.ToHtml(input.BodyMarkdown);
        article.CategoryId = input.CategoryId;
        article.FeaturedImageUrl = string.IsNullOrWhiteSpace(input.FeaturedImageUrl) ? null : input.FeaturedImageUrl.Trim();
        article.FeaturedImageAlt = string.IsNullOrWhiteSpace(input.FeaturedImageAlt) ? null : input.FeaturedImageAlt.Trim();
        article.CommentsOpen = input.CommentsOpen;
        article.UpdatedAt = now;
        article.LastEditedByUserId = userId;
        article.Version++;
        if (user.CanManageContent())
        {
            // Only editors decide what is sticky on the home page and who an article is by.
            article.IsSticky = input.IsSticky;
            if (input.AuthorId is int authorId && authorId != article.AuthorId)
            {
                article.AuthorId = authorId;
            }
        }
        await ApplyTagsAsync(article, input.Tags, cancellationToken);

        var wasPublished = article.Status == ArticleStatus.Published;
        switch (action)
        {
            case EditorAction.SaveDraft:
                article.Status = ArticleStatus.Draft;
                break;
            case EditorAction.SubmitForReview:
                article.Status = ArticleStatus.PendingReview;
                break;
            case EditorAction.Publish:
                if (!wasPublished)
                {
                    article.PublishedAt = now;
                }
                article.Status = ArticleStatus.Published;
                break;
            case EditorAction.Schedule:
                article.Status = ArticleStatus.Scheduled;
                article.PublishedAt = scheduleAtUtc;
                break;
        }
        if (article.Status is ArticleStatus.Draft or ArticleStatus.PendingReview && !wasPublished)
        {
            article.PublishedAt = null;
        }

        if (article.Id == 0)
        {
            db.Articles.Add(article);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new EditorResult(EditorOutcome.Conflict, article.Id,
                Message: "Someone saved this article at the same moment. Your text has not been saved: compare it with the latest revision, then save again.");
        }

        await AddRevisionAsync(article, userId, user.Identity?.Name ?? "unknown", isAutosave, cancellationToken);
        var newUrl = article.Status == ArticleStatus.Published && article.PublishedAt is DateTime p
            ? (await permalinks.GetAsync(cancellationToken)).Url(p, article.Slug, article.CategoryId)
            : null;
        if (oldUrl is not null && newUrl is not null && !string.Equals(oldUrl, newUrl, StringComparison.OrdinalIgnoreCase))
        {
            await Redirects.RememberAsync(db, oldUrl, article.Id, now, cancellationToken);
        }
        if (article.Status == ArticleStatus.Published || wasPublished)
        {
            await AfterPublishedChangeAsync(article.Id, cancellationToken);
        }
        if (!isAutosave)
        {
            await audit.RecordAsync(user, AuditAction(action, wasPublished), $"article {article.Id} “{article.Title}”", cancellationToken: cancellationToken);
        }
        return new EditorResult(EditorOutcome.Saved, article.Id);
    }

    /// <summary>
    /// Autosave of a published or scheduled article: only a revision, so readers never see half an edit.
    /// Repeated autosaves by the same person replace their previous autosave revision.
    /// </summary>
    public async Task<EditorResult> AutosaveRevisionAsync(ClaimsPrincipal user, int articleId, int baseVersion, ArticleInput input, CancellationToken cancellationToken)
    {
        var article = await db.Articles.AsNoTracking().SingleOrDefaultAsync(a => a.Id == articleId, cancellationToken);
        if (article is null)
        {
            return new EditorResult(EditorOutcome.NotFound);
        }
        var userAuthorId = await db.AuthorIdAsync(user, cancellationToken);
        if (!CanEdit(user, article.AuthorId, userAuthorId, article.Status) || article.Status == ArticleStatus.Trashed)
        {
            return new EditorResult(EditorOutcome.Forbidden, articleId);
        }
        if (article.Version != baseVersion)
        {
            return new EditorResult(EditorOutcome.Conflict, articleId,
                Message: "Someone saved a newer version of this article while you were editing. Your text is still in this form: compare before saving.");
        }
        if (input.BodyMarkdown.Length > BodyMaxLength || input.Title.Length > TitleMaxLength)
        {
            return EditorResult.Invalid("BodyMarkdown", "Too long to autosave.");
        }
        var snapshot = new Article
        {
            Id = articleId,
            Title = input.Title,
            Slug = string.IsNullOrWhiteSpace(input.Slug) ? article.Slug : input.Slug,
            Excerpt = input.Excerpt,
            BodyMarkdown = input.BodyMarkdown,
            BodyHtml = "",
            UpdatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await AddRevisionAsync(snapshot, user.UserId()!.Value, user.Identity?.Name ?? "unknown", isAutosave: true, cancellationToken);
        return new EditorResult(EditorOutcome.Saved, articleId);
    }

    /// <summary>Moves an article to the trash, remembering its state so it can be restored.</summary>
    public async Task<EditorResult> TrashAsync(ClaimsPrincipal user, int articleId, CancellationToken cancellationToken)
    {
        var article = await db.Articles.SingleOrDefaultAsync(a => a.Id == articleId, cancellationToken);
        if (article is null)
        {
            return new EditorResult(EditorOutcome.NotFound);
        }
        var userAuthorId = await db.AuthorIdAsync(user, cancellationToken);
        if (!CanEdit(user, article.AuthorId, userAuthorId, article.Status) || article.Status == ArticleStatus.Trashed)
        {
            return new EditorResult(EditorOutcome.Forbidden, articleId, Message: "You may not move this article to the trash.");
        }
        var wasPublished = article.Status == ArticleStatus.Published;
        article.StatusBeforeTrash = article.Status;
        article.Status = ArticleStatus.Trashed;
        article.Version++;
        await db.SaveChangesAsync(cancellationToken);
        if (wasPublished)
        {
            await AfterPublishedChangeAsync(articleId, cancellationToken);
        }
        await audit.RecordAsync(user, "article.trash", $"article {articleId} “{article.Title}”", cancellationToken: cancellationToken);
        return new EditorResult(EditorOutcome.Saved, articleId);
    }

    /// <summary>Takes an article out of the trash, back to the state it had (a contributor's back to draft).</summary>
    public async Task<EditorResult> RestoreAsync(ClaimsPrincipal user, int articleId, CancellationToken cancellationToken)
    {
        var article = await db.Articles.SingleOrDefaultAsync(a => a.Id == articleId, cancellationToken);
        if (article is null)
        {
            return new EditorResult(EditorOutcome.NotFound);
        }
        var userAuthorId = await db.AuthorIdAsync(user, cancellationToken);
        var previous = article.StatusBeforeTrash ?? ArticleStatus.Draft;
        if (article.Status != ArticleStatus.Trashed || !CanEdit(user, article.AuthorId, userAuthorId, ArticleStatus.Draft))
        {
            return new EditorResult(EditorOutcome.Forbidden, articleId, Message: "You may not restore this article.");
        }
        if (previous is ArticleStatus.Published or ArticleStatus.Scheduled && !user.CanPublish())
        {
            previous = ArticleStatus.Draft;
        }
        if (previous == ArticleStatus.Scheduled && article.PublishedAt <= clock.GetUtcNow().UtcDateTime)
        {
            // Its time passed while it was in the trash: it waits for a decision rather than appearing unannounced.
            previous = ArticleStatus.Draft;
        }
        article.Status = previous;
        article.StatusBeforeTrash = null;
        article.Version++;
        await db.SaveChangesAsync(cancellationToken);
        if (previous == ArticleStatus.Published)
        {
            await AfterPublishedChangeAsync(articleId, cancellationToken);
        }
        await audit.RecordAsync(user, "article.restore", $"article {articleId} “{article.Title}”", cancellationToken: cancellationToken);
        return new EditorResult(EditorOutcome.Saved, articleId);
    }

    /// <summary>Deletes a trashed article for good (editors only), with its comments, revisions and redirects.</summary>
    public async Task<EditorResult> DeleteAsync(ClaimsPrincipal user, int articleId, CancellationToken cancellationToken)
    {
        if (!user.CanManageContent())
        {
            return new EditorResult(EditorOutcome.Forbidden, articleId, Message: "Only editors can delete articles permanently.");
        }
        var article = await db.Articles.SingleOrDefaultAsync(a => a.Id == articleId, cancellationToken);
        if (article is null)
        {
            return new EditorResult(EditorOutcome.NotFound);
        }
        if (article.Status != ArticleStatus.Trashed)
        {
            return new EditorResult(EditorOutcome.Invalid, articleId, Message: "Move the article to the trash first.");
        }
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Replies point at their parents with a restricting key: delete children before parents, i.e. all at once.
            await db.Comments.Where(c => c.ArticleId == articleId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ParentId, (int?)null), cancellationToken);
            await db.Comments.Where(c => c.ArticleId == articleId).ExecuteDeleteAsync(cancellationToken);
            await db.Articles.Where(a => a.Id == articleId).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        await AfterPublishedChangeAsync(null, cancellationToken);
        await audit.RecordAsync(user, "article.delete", $"article {articleId} “{article.Title}”", cancellationToken: cancellationToken);
        return new EditorResult(EditorOutcome.Saved, articleId);
    }

    /// <summary>Makes an earlier revision's text the current one, as a new save (so the restore itself can be undone).</summary>
    public async Task<EditorResult> RestoreRevisionAsync(ClaimsPrincipal user, int articleId, int number, CancellationToken cancellationToken)
    {
        var revision = await db.ArticleRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.ArticleId == articleId && r.Number == number, cancellationToken);
        var article = await db.Articles.AsNoTracking().Include(a => a.Tags).SingleOrDefaultAsync(a => a.Id == articleId, cancellationToken);
        if (revision is null || article is null)
        {
            return new EditorResult(EditorOutcome.NotFound);
        }
        var input = new ArticleInput(revision.Title, revision.Slug, revision.Excerpt, revision.BodyMarkdown, article.CategoryId,
            string.Join(", ", article.Tags.Select(t => t.Name)), article.FeaturedImageUrl, article.FeaturedImageAlt, article.IsSticky,
            article.CommentsOpen, article.AuthorId);
        var action = article.Status switch
        {
            ArticleStatus.PendingReview => EditorAction.SubmitForReview,
            ArticleStatus.Draft => EditorAction.SaveDraft,
            _ => EditorAction.Update,
        };
        var result = await SaveAsync(user, articleId, article.Version, input, action, article.PublishedAt, cancellationToken: cancellationToken);
        if (result.Outcome == EditorOutcome.Saved)
        {
            await audit.RecordAsync(user, "article.revision-restore", $"article {articleId} “{revision.Title}” revision {number}", cancellationToken: cancellationToken);
        }
        return result;
    }

    /// <summary>
    /// Publishes one scheduled article whose time has come. The status check is part of the UPDATE,
    /// so when several nodes race, exactly one of them publishes it.
    /// </summary>
    public async Task<bool> PublishScheduledAsync(int articleId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var won = await db.Articles
            .Where(a => a.Id == articleId && a.Status == ArticleStatus.Scheduled && a.PublishedAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ArticleStatus.Published).SetProperty(a => a.Version, a => a.Version + 1), cancellationToken);
        if (won == 0)
        {
            return false;
        }
        await AfterPublishedChangeAsync(articleId, cancellationToken);
        var title = await db.Articles.Where(a => a.Id == articleId).Select(a => a.Title).SingleAsync(cancellationToken);
        await audit.RecordAsync(null, "article.publish-scheduled", $"article {articleId} “{title}”", cancellationToken: cancellationToken);
        return true;
    }

    private async Task AfterPublishedChangeAsync(int? articleId, CancellationToken cancellationToken)
    {
        if (articleId is int id)
        {
            await related.RecomputeForAsync(id, cancellationToken);
        }
        else
        {
            await related.RecomputeAllAsync(cancellationToken);
        }
        categories.Invalidate();
        sidebar.Invalidate();
    }

    private async Task<Dictionary<string, string>> ValidateAsync(
        ArticleInput input, int articleId, EditorAction action, DateTime? scheduleAtUtc, DateTime now, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Title))
        {
            errors["Title"] = "Give the article a title.";
        }
        else if (input.Title.Trim().Length > TitleMaxLength)
        {
            errors["Title"] = $"The title is {input.Title.Trim().Length} characters; the most is {TitleMaxLength}.";
        }
        if (input.Slug is { Length: > 0 } typed)
        {
            var slug = Slugs.From(typed);
            if (slug.Length == 0)
            {
                errors["Slug"] = "The slug needs at least one letter or digit.";
            }
            else if (slug.Length > SlugMaxLength)
            {
                errors["Slug"] = $"The slug can be at most {SlugMaxLength} characters.";
            }
            else if (await db.Articles.AnyAsync(a => a.Slug == slug && a.Id != articleId, cancellationToken))
            {
                errors["Slug"] = $"Another article already uses the slug “{slug}”. Choose another.";
            }
        }
        else if (input.Title is { Length: > 0 } && Slugs.From(input.Title).Length == 0)
        {
            errors["Slug"] = "The title has no letters or digits to make a slug from: type a slug.";
        }
        if (input.Excerpt?.Trim().Length > ExcerptMaxLength)
        {
            errors["Excerpt"] = $"The excerpt can be at most {ExcerptMaxLength} characters.";
        }
        if (input.BodyMarkdown.Length > BodyMaxLength)
        {
            errors["BodyMarkdown"] = $"The text is {input.BodyMarkdown.Length:N0} characters; the most is {BodyMaxLength:N0}.";
        }
        if (!await db.Categories.AnyAsync(c => c.Id == input.CategoryId, cancellationToken))
        {
            errors["CategoryId"] = "Choose a category.";
        }
        if (input.AuthorId is int authorId && !await db.Authors.AnyAsync(a => a.Id == authorId, cancellationToken))
        {
            errors["AuthorId"] = "Choose an author.";
        }
        if (SplitTags(input.Tags).Count > MaxTags)
        {
            errors["Tags"] = $"At most {MaxTags} tags.";
        }
        else if (SplitTags(input.Tags).Any(t => t.Length > 100 || Slugs.From(t).Length == 0))
        {
            errors["Tags"] = "Each tag needs a letter or digit and at most 100 characters.";
        }
        if (input.FeaturedImageUrl is { Length: > 0 } image && !IsSafeImageUrl(image.Trim()))
        {
            errors["FeaturedImageUrl"] = "Use an image from the media library (/media/…) or an https:// address.";
        }
        if (input.FeaturedImageUrl is { Length: > 0 } && string.IsNullOrWhiteSpace(input.FeaturedImageAlt))
        {
            errors["FeaturedImageAlt"] = "Describe the featured image for readers who cannot see it.";
        }
        if (action == EditorAction.Schedule)
        {
            if (scheduleAtUtc is null)
            {
                errors["PublishAt"] = "Choose when to publish.";
            }
            else if (scheduleAtUtc <= now)
            {
                errors["PublishAt"] = "That time has already passed. Choose a time in the future, or publish now.";
            }
        }
        return errors;
    }

    internal static bool IsSafeImageUrl(string url) =>
        (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && url.Length <= 1000)
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && url.Length <= 1000);

    internal static List<string> SplitTags(string? tags) =>
        (tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .DistinctBy(t => Slugs.From(t), StringComparer.Ordinal).ToList();

    private async Task ApplyTagsAsync(Article article, string? tags, CancellationToken cancellationToken)
    {
        var wanted = SplitTags(tags).Select(name => (Name: name, Slug: Slugs.From(name))).ToList();
        var slugs = wanted.Select(w => w.Slug).ToList();
        var existing = await db.Tags.Where(t => slugs.Contains(t.Slug)).ToListAsync(cancellationToken);
        article.Tags.RemoveAll(t => !slugs.Contains(t.Slug));
        foreach (var (name, slug) in wanted)
        {
            if (article.Tags.Any(t => t.Slug == slug))
            {
                continue;
            }
            article.Tags.Add(existing.FirstOrDefault(t => t.Slug == slug) ?? new Tag { Slug = slug, Name = name });
        }
    }

    /// <summary>
    /// A slug no other article has. With /{slug} permalinks articles share the first path segment with
    /// static pages and the site's own addresses, so those are avoided too (a static page would win).
    /// </summary>
    private async Task<string> UniqueSlugAsync(string baseSlug, int articleId, CancellationToken cancellationToken)
    {
        var sharesRoot = (await permalinks.GetAsync(cancellationToken)).Structure == PermalinkStructure.Slug;
        return await Slugs.UniqueAsync(baseSlug, async slug =>
            await db.Articles.AnyAsync(a => a.Slug == slug && a.Id != articleId, cancellationToken)
            || (sharesRoot && (Pages.StaticPageEditor.ReservedSlugs.Contains(slug)
                               || await db.StaticPages.AnyAsync(p => p.Slug == slug, cancellationToken))));
    }

    private async Task AddRevisionAsync(Article article, int userId, string userName, bool isAutosave, CancellationToken cancellationToken)
    {
        var latest = await db.ArticleRevisions.Where(r => r.ArticleId == article.Id).OrderByDescending(r => r.Number).FirstOrDefaultAsync(cancellationToken);
        if (isAutosave && latest is { IsAutosave: true } && latest.UserId == userId)
        {
            // Autosaves every few seconds would bury real revisions: keep only the newest per person in a row.
            latest.Title = article.Title;
            latest.Slug = article.Slug;
            latest.Excerpt = article.Excerpt;
            latest.BodyMarkdown = article.BodyMarkdown;
            latest.CreatedAt = article.UpdatedAt;
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        var number = (latest?.Number ?? 0) + 1;
        db.ArticleRevisions.Add(new ArticleRevision
        {
            ArticleId = article.Id,
            Number = number,
            Title = article.Title,
            Slug = article.Slug,
            Excerpt = article.Excerpt,
            BodyMarkdown = article.BodyMarkdown,
            CreatedAt = article.UpdatedAt,
            UserId = userId,
            UserName = userName,
            IsAutosave = isAutosave,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string AuditAction(EditorAction action, bool wasPublished) => action switch
    {
        EditorAction.Publish when !wasPublished => "article.publish",
        EditorAction.Schedule => "article.schedule",
        EditorAction.SubmitForReview => "article.submit",
        EditorAction.SaveDraft => "article.save-draft",
        _ => "article.update",
    };
}

using Byline.Web.Features.Articles;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Comments;

/// <summary>What a moderator can do to a comment, WordPress's row actions.</summary>
public enum ModerationAction
{
    Approve,
    Unapprove,
    Spam,
    NotSpam,
    Trash,
    Restore,
    Delete,
}

public static class ModerationActions
{
    /// <summary>The status an action leads to; null for a permanent delete.</summary>
    public static CommentStatus? Target(this ModerationAction action) => action switch
    {
        ModerationAction.Approve or ModerationAction.NotSpam => CommentStatus.Approved,
        ModerationAction.Unapprove or ModerationAction.Restore => CommentStatus.Pending,
        ModerationAction.Spam => CommentStatus.Spam,
        ModerationAction.Trash => CommentStatus.Trash,
        _ => null,
    };

    /// <summary>
    /// Whether the action makes sense from a status: "not spam" only rescues spam, "restore" only
    /// leaves the trash, and only spam or trash can be deleted for good.
    /// </summary>
    public static bool AppliesTo(this ModerationAction action, CommentStatus status) => action switch
    {
        ModerationAction.Approve => status != CommentStatus.Approved,
        ModerationAction.Unapprove => status == CommentStatus.Approved,
        ModerationAction.Spam => status != CommentStatus.Spam,
        ModerationAction.NotSpam => status == CommentStatus.Spam,
        ModerationAction.Trash => status != CommentStatus.Trash,
        ModerationAction.Restore => status == CommentStatus.Trash,
        ModerationAction.Delete => status is CommentStatus.Spam or CommentStatus.Trash,
        _ => false,
    };

    /// <summary>The row buttons a comment in this status gets, as in WordPress's list.</summary>
    public static IReadOnlyList<ModerationAction> For(CommentStatus status) => status switch
    {
        CommentStatus.Pending => [ModerationAction.Approve, ModerationAction.Spam, ModerationAction.Trash],
        CommentStatus.Approved => [ModerationAction.Unapprove, ModerationAction.Spam, ModerationAction.Trash],
        CommentStatus.Spam => [ModerationAction.NotSpam, ModerationAction.Delete],
        _ => [ModerationAction.Restore, ModerationAction.Delete],
    };

    public static string Label(this ModerationAction action) => action switch
    {
        ModerationAction.NotSpam => "Not spam",
        ModerationAction.Delete => "Delete permanently",
        _ => action.ToString(),
    };

    /// <summary>The past tense for status messages: "2 comments approved".</summary>
    public static string PastTense(this ModerationAction action) => action switch
    {
        ModerationAction.Approve => "approved",
        ModerationAction.Unapprove => "unapproved",
        ModerationAction.Spam => "marked as spam",
        ModerationAction.NotSpam => "rescued from spam",
        ModerationAction.Trash => "moved to the trash",
        ModerationAction.Restore => "restored",
        _ => "deleted permanently",
    };

    /// <summary>The form value and URL spelling: approve, not-spam, delete.</summary>
    public static string Key(this ModerationAction action) =>
        action == ModerationAction.NotSpam ? "not-spam" : action.ToString().ToLowerInvariant();

    /// <summary>The audit log's verb: comment.approve, comment.not-spam.</summary>
    public static string AuditAction(this ModerationAction action) => "comment." + action.Key();

    /// <summary>Reads "approve", "not-spam", "NotSpam"…; null for anything else.</summary>
    public static ModerationAction? Parse(string? value)
    {
        var text = value?.Replace("-", "", StringComparison.Ordinal).Trim();
        return Enum.TryParse<ModerationAction>(text, ignoreCase: true, out var action) && Enum.IsDefined(action) && !int.TryParse(text, out _)
            ? action : null;
    }
}

/// <summary>A comment as the audit log and status messages name it: "comment 12 by Ada on “Title”".</summary>
public sealed record CommentSubject(int Id, string AuthorName, string ArticleTitle)
{
    public override string ToString() => $"comment {Id} by {AuthorName} on “{ArticleTitle}”";
}

/// <summary>What a moderation request did: the comments changed and how many did not fit the action.</summary>
public sealed record ModerationOutcome(IReadOnlyList<CommentSubject> Done, int Skipped);

/// <summary>
/// Filters for the moderation queue. A null status is WordPress's "All" (pending and approved);
/// with an e-mail (one commenter's history) it is every status.
/// </summary>
public sealed record CommentQueueFilter(CommentStatus? Status, string? Search = null, int? ArticleId = null, string? Email = null);

/// <summary>One row of the moderation queue: everything a moderator needs to decide, including private fields.</summary>
public sealed record ModerationRow(
    int Id, CommentStatus Status, string AuthorName, string AuthorEmail, string? AuthorUrl, string? IpAddress,
    DateTime CreatedAt, DateTime? EditedAt, string Body, string? BodyHtml, string? ModerationReason, int? ParentId, int? UserId,
    int ArticleId, string ArticleTitle, string CommentUrl);

public sealed record ModerationPage(IReadOnlyList<ModerationRow> Rows, int Total, int PageNumber, int TotalPages, IReadOnlyDictionary<CommentStatus, int> Counts)
{
    public int Count(CommentStatus status) => Counts.GetValueOrDefault(status);

    /// <summary>WordPress's "All": pending and approved, not spam or trash.</summary>
    public int CountAll => Count(CommentStatus.Pending) + Count(CommentStatus.Approved);
}

/// <summary>The admin area's reads of comments: the moderation queue and one commenter's history.</summary>
public sealed class CommentModerationQueries(BylineDbContext db, Permalinks permalinks)
{
    public const int MaxSearchLength = 200;

    /// <summary>
    /// Newest first. Counts per status follow the article and e-mail filters but not the search,
    /// so the status links keep saying what waits. A page past the end shows the last page (the
    /// queue shrinks as a moderator works through it).
    /// </summary>
    public async Task<ModerationPage> QueueAsync(CommentQueueFilter filter, int pageNumber, int pageSize, CancellationToken cancellationToken)
    {
        var scope = db.Comments.AsNoTracking();
        if (filter.ArticleId is int articleId)
        {
            scope = scope.Where(c => c.ArticleId == articleId);
        }
        if (!string.IsNullOrWhiteSpace(filter.Email))
        {
            var email = filter.Email.Trim().ToLowerInvariant();
            scope = scope.Where(c => c.AuthorEmail == email);
        }
        var counts = (await scope.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .ToDictionary(g => g.Key, g => g.Count);

        var query = filter.Status is CommentStatus status
            ? scope.Where(c => c.Status == status)
            : filter.Email is null ? scope.Where(c => c.Status == CommentStatus.Pending || c.Status == CommentStatus.Approved) : scope;
        if (Normalize(filter.Search) is { } term)
        {
            // EF cannot translate Contains with a StringComparison; lower() on both sides means the same on SQLite and PostgreSQL.
#pragma warning disable CA1862
            query = query.Where(c => c.AuthorName.ToLower().Contains(term)
                                     || c.AuthorEmail.Contains(term)
                                     || (c.AuthorUrl != null && c.AuthorUrl.ToLower().Contains(term))
                                     || c.Body.ToLower().Contains(term));
#pragma warning restore CA1862
        }
        var total = await query.CountAsync(cancellationToken);
        var totalPages = Math.Max(1, (total + pageSize - 1) / pageSize);
        pageNumber = Math.Clamp(pageNumber, 1, totalPages);
        var rows = await query
            .OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Skip((pageNumber - 1) * pageSize).Take(pageSize)
            .Select(c => new
            {
                c.Id, c.Status, c.AuthorName, c.AuthorEmail, c.AuthorUrl, c.IpAddress, c.CreatedAt, c.EditedAt, c.Body, c.BodyHtml,
                c.ModerationReason, c.ParentId, c.UserId, c.ArticleId, c.Article.Title, c.Article.Slug, c.Article.CategoryId,
                ArticleDate = c.Article.PublishedAt ?? c.Article.CreatedAt,
            })
            .ToListAsync(cancellationToken);
        var links = await permalinks.GetAsync(cancellationToken);
        return new ModerationPage(
            [.. rows.Select(r => new ModerationRow(r.Id, r.Status, r.AuthorName, r.AuthorEmail, r.AuthorUrl, r.IpAddress, r.CreatedAt, r.EditedAt,
                r.Body, r.BodyHtml, r.ModerationReason, r.ParentId, r.UserId, r.ArticleId, r.Title,
                links.CommentUrl(r.ArticleDate, r.Slug, r.CategoryId, r.Id)))],
            total, pageNumber, totalPages, counts);
    }

    public Task<string?> ArticleTitleAsync(int articleId, CancellationToken cancellationToken) =>
        db.Articles.AsNoTracking().Where(a => a.Id == articleId).Select(a => a.Title).SingleOrDefaultAsync(cancellationToken);

    /// <summary>The editable fields of one comment, with its article; null when it does not exist.</summary>
    public async Task<ModerationRow?> CommentAsync(int id, CancellationToken cancellationToken)
    {
        var row = await db.Comments.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new
            {
                c.Id, c.Status, c.AuthorName, c.AuthorEmail, c.AuthorUrl, c.IpAddress, c.CreatedAt, c.EditedAt, c.Body, c.BodyHtml,
                c.ModerationReason, c.ParentId, c.UserId, c.ArticleId, c.Article.Title, c.Article.Slug, c.Article.CategoryId,
                ArticleDate = c.Article.PublishedAt ?? c.Article.CreatedAt,
            })
            .SingleOrDefaultAsync(cancellationToken);
        var links = await permalinks.GetAsync(cancellationToken);
        return row is null ? null : new ModerationRow(row.Id, row.Status, row.AuthorName, row.AuthorEmail, row.AuthorUrl, row.IpAddress,
            row.CreatedAt, row.EditedAt, row.Body, row.BodyHtml, row.ModerationReason, row.ParentId, row.UserId, row.ArticleId, row.Title,
            links.CommentUrl(row.ArticleDate, row.Slug, row.CategoryId, row.Id));
    }

    /// <summary>How a staff account signs a reply: its author name and its e-mail address.</summary>
    public Task<StaffIdentity?> StaffAsync(int userId, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new StaffIdentity(u.Id, u.Author.DisplayName, u.Email ?? ""))
            .SingleOrDefaultAsync(cancellationToken);

    internal static string? Normalize(string? search)
    {
        var term = search?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(term))
        {
            return null;
        }
        return term.Length > MaxSearchLength ? term[..MaxSearchLength] : term;
    }
}

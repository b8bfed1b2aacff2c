using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Comments;

public sealed record CommentSubmitted(int CommentId, CommentStatus Status);

/// <summary>Where a submitted comment comes from and how its form was filled; gathered by the page, never trusted from the visitor.</summary>
public sealed record CommentOrigin(string? IpAddress, string? UserAgent)
{
    public string? Referrer { get; init; }
    public string? Permalink { get; init; }
    public DateTime? FormShownAt { get; init; }
    public string? HoneypotValue { get; init; }
}

/// <summary>Stores a visitor's comment after the moderation pipeline has decided its status.</summary>
public sealed class CommentService(
    BylineDbContext db, CommentModerator moderator, CommentRenderer renderer, TimeProvider clock,
    ICommentChangeNotifier notifier, IEnumerable<ICommentFeedback> feedback)
{
    /// <summary>Returns null when the pipeline discarded the comment.</summary>
    public async Task<CommentSubmitted?> SubmitAsync(
        int articleId, CommentForm form, CommentOrigin origin, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var candidate = new CommentCandidate(
            articleId,
            form.Name!.Trim(),
            form.Email!.Trim().ToLowerInvariant(),
            CommentForm.NormalizeWebsite(form.Website),
            form.Body!.Trim(),
            origin.IpAddress,
            Truncate(origin.UserAgent, 512),
            now)
        {
            Referrer = Truncate(origin.Referrer, 512),
            Permalink = origin.Permalink,
            IsReply = form.ParentId is not null,
            FormShownAt = origin.FormShownAt,
            HoneypotValue = origin.HoneypotValue,
        };

        var decision = await moderator.DecideAsync(candidate, cancellationToken);
        if (decision.Verdict == CommentVerdict.Discard)
        {
            return null;
        }

        // A reply must answer a visible comment on the same article; anything else becomes a top-level comment.
        int? parentId = null;
        if (form.ParentId is int requested
            && await db.Comments.AnyAsync(
                c => c.Id == requested && c.ArticleId == articleId && c.Status == CommentStatus.Approved, cancellationToken))
        {
            parentId = requested;
        }

        var comment = new Comment
        {
            ArticleId = articleId,
            ParentId = parentId,
            AuthorName = candidate.AuthorName,
            AuthorEmail = candidate.AuthorEmail,
            AuthorUrl = candidate.AuthorUrl,
            Body = candidate.Body,
            BodyHtml = renderer.ToHtml(candidate.Body),
            BodyHash = CommentBodyHash.Of(candidate.Body),
            CreatedAt = now,
            IpAddress = candidate.IpAddress,
            UserAgent = candidate.UserAgent,
            Status = decision.Verdict switch
            {
                CommentVerdict.Approve => CommentStatus.Approved,
                CommentVerdict.Spam => CommentStatus.Spam,
                _ => CommentStatus.Pending,
            },
            ModerationReason = Truncate(decision.Reason, 1000),
        };
        db.Comments.Add(comment);
        await db.SaveChangesAsync(cancellationToken);

        if (comment.Status == CommentStatus.Approved)
        {
            notifier.CommentsChanged(articleId);
        }
        return new CommentSubmitted(comment.Id, comment.Status);
    }

    /// <summary>Moderation entry point for the admin area and tests: sets a comment's status and refreshes what shows it.</summary>
    public async Task<bool> SetStatusAsync(int commentId, CommentStatus status, CancellationToken cancellationToken)
    {
        var comment = await db.Comments.SingleOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        if (comment is null)
        {
            return false;
        }
        var previous = comment.Status;
        comment.Status = status;
        await db.SaveChangesAsync(cancellationToken);
        notifier.CommentsChanged(comment.ArticleId);

        // A moderator's correction teaches the spam defences: marked spam, or rescued from spam.
        bool? isSpam = status == CommentStatus.Spam && previous != CommentStatus.Spam ? true
            : previous == CommentStatus.Spam && status == CommentStatus.Approved ? false
            : status == CommentStatus.Approved && previous == CommentStatus.Pending ? false
            : null;
        if (isSpam is bool spam)
        {
            foreach (var listener in feedback)
            {
                await listener.LearnAsync(comment, spam, cancellationToken);
            }
        }
        return true;
    }

    /// <summary>
    /// Applies a row or bulk action to each comment through <see cref="SetStatusAsync"/> (so the
    /// spam defences learn) or <see cref="DeletePermanentlyAsync"/>. Comments the action does not
    /// fit (already approved, not in spam or trash for a delete) or that no longer exist are skipped.
    /// </summary>
    public async Task<ModerationOutcome> ModerateAsync(IReadOnlyCollection<int> commentIds, ModerationAction action, CancellationToken cancellationToken)
    {
        var ids = commentIds.Distinct().ToList();
        var found = await db.Comments.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Status, c.AuthorName, c.Article.Title })
            .ToListAsync(cancellationToken);
        var done = new List<CommentSubject>();
        foreach (var comment in found.OrderBy(c => ids.IndexOf(c.Id)))
        {
            if (!action.AppliesTo(comment.Status))
            {
                continue;
            }
            var changed = action.Target() is CommentStatus target
                ? await SetStatusAsync(comment.Id, target, cancellationToken)
                : await DeletePermanentlyAsync(comment.Id, cancellationToken);
            if (changed)
            {
                done.Add(new CommentSubject(comment.Id, comment.AuthorName, comment.Title));
            }
        }
        return new ModerationOutcome(done, ids.Count - done.Count);
    }

    /// <summary>
    /// A moderator's correction of name, website and text: re-rendered and re-hashed like a new
    /// comment, stamped with <see cref="Comment.EditedAt"/>. Validate with <see cref="CommentEdit.Validate"/> first.
    /// </summary>
    public async Task<bool> EditAsync(int commentId, CommentEdit edit, CancellationToken cancellationToken)
    {
        var comment = await db.Comments.SingleOrDefaultAsync(c => c.Id == commentId, cancellationToken);
        if (comment is null)
        {
            return false;
        }
        var body = edit.Body!.Trim();
        comment.AuthorName = edit.Name!.Trim();
        comment.AuthorUrl = CommentForm.NormalizeWebsite(edit.Website);
        comment.Body = body;
        comment.BodyHtml = renderer.ToHtml(body);
        comment.BodyHash = CommentBodyHash.Of(body);
        comment.EditedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        notifier.CommentsChanged(comment.ArticleId);
        return true;
    }

    /// <summary>
    /// A staff member's answer from the admin area, approved at once and signed with their author
    /// name. Answering a pending comment approves it too, as WordPress does (and teaches the spam
    /// defences it was ham). Returns null when the parent is missing, spam or in the trash.
    /// </summary>
    public async Task<Comment?> ReplyAsStaffAsync(int parentId, StaffIdentity staff, string body, CancellationToken cancellationToken)
    {
        var parent = await db.Comments.AsNoTracking().SingleOrDefaultAsync(c => c.Id == parentId, cancellationToken);
        if (parent is null || parent.Status is CommentStatus.Spam or CommentStatus.Trash)
        {
            return null;
        }
        if (parent.Status == CommentStatus.Pending)
        {
            await SetStatusAsync(parent.Id, CommentStatus.Approved, cancellationToken);
        }
        var text = body.Trim();
        var reply = new Comment
        {
            ArticleId = parent.ArticleId,
            ParentId = parent.Id,
            AuthorName = Truncate(staff.DisplayName, CommentLimits.NameMaxLength)!,
            AuthorEmail = staff.Email.Trim().ToLowerInvariant(),
            Body = text,
            BodyHtml = renderer.ToHtml(text),
            BodyHash = CommentBodyHash.Of(text),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            Status = CommentStatus.Approved,
            UserId = staff.UserId,
            ModerationReason = "approved: reply from staff",
        };
        db.Comments.Add(reply);
        await db.SaveChangesAsync(cancellationToken);
        notifier.CommentsChanged(reply.ArticleId);
        return reply;
    }

    /// <summary>
    /// Deletes a comment for good, only from spam or the trash. Its replies move up to its own
    /// parent (or become top-level), so no thread loses its answers.
    /// </summary>
    public async Task<bool> DeletePermanentlyAsync(int commentId, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var deleted = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var comment = await db.Comments.AsNoTracking()
                .Where(c => c.Id == commentId && (c.Status == CommentStatus.Spam || c.Status == CommentStatus.Trash))
                .Select(c => new { c.ArticleId, c.ParentId })
                .SingleOrDefaultAsync(cancellationToken);
            if (comment is null)
            {
                return null;
            }
            await db.Comments.Where(c => c.ParentId == commentId)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.ParentId, comment.ParentId), cancellationToken);
            await db.Comments.Where(c => c.Id == commentId).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (int?)comment.ArticleId;
        });
        if (deleted is int articleId)
        {
            notifier.CommentsChanged(articleId);
            return true;
        }
        return false;
    }

    private static string? Truncate(string? value, int max) =>
        value is null || value.Length <= max ? value : value[..max];
}

/// <summary>Who answers from the admin area: the account, its author name and its e-mail address.</summary>
public sealed record StaffIdentity(int UserId, string DisplayName, string Email);

/// <summary>Told when a moderator says a comment is spam or not, so the spam defences learn from it.</summary>
public interface ICommentFeedback
{
    Task LearnAsync(Comment comment, bool isSpam, CancellationToken cancellationToken);
}

/// <summary>Told when the set of approved comments changes, so caches of counts and sidebars refresh.</summary>
public interface ICommentChangeNotifier
{
    void CommentsChanged(int articleId);
}

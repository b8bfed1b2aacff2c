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

    private static string? Truncate(string? value, int max) =>
        value is null || value.Length <= max ? value : value[..max];
}

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

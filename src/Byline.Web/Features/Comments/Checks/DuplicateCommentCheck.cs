using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Comments.Checks;

/// <summary>
/// The same text twice: from the same commenter on the same article it is a double submission
/// (discarded, the first one stands); from someone else it is a spam run.
/// </summary>
public sealed class DuplicateCommentCheck(BylineDbContext db) : ICommentCheck
{
    /// <summary>Short replies ("Thanks!", "+1") repeat innocently.</summary>
    private const int MinimumLength = 30;

    public async ValueTask<CommentCheckResult?> CheckAsync(CommentCandidate candidate, CancellationToken cancellationToken)
    {
        var hash = CommentBodyHash.Of(candidate.Body);
        var earlier = await db.Comments.AsNoTracking()
            .Where(c => c.BodyHash == hash && c.Status != CommentStatus.Trash)
            .OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.ArticleId, c.AuthorEmail })
            .Take(20)
            .ToListAsync(cancellationToken);
        if (earlier.FirstOrDefault(c => c.ArticleId == candidate.ArticleId && c.AuthorEmail == candidate.AuthorEmail) is { } same)
        {
            return new CommentCheckResult(CommentVerdict.Discard, $"duplicate of comment #{same.Id}");
        }
        if (candidate.Body.Length >= MinimumLength && earlier.FirstOrDefault(c => c.AuthorEmail != candidate.AuthorEmail) is { } copied)
        {
            return new CommentCheckResult(CommentVerdict.Spam, $"same text as comment #{copied.Id} by another commenter");
        }
        return null;
    }
}

using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Comments.Checks;

/// <summary>WordPress's default rule: a commenter with an earlier approved comment (same e-mail) is approved at once.</summary>
public sealed class PreviouslyApprovedCommenterCheck(BylineDbContext db) : ICommentCheck
{
    public async ValueTask<CommentCheckResult?> CheckAsync(CommentCandidate candidate, CancellationToken cancellationToken)
    {
        var known = await db.Comments.AnyAsync(
            c => c.AuthorEmail == candidate.AuthorEmail && c.Status == CommentStatus.Approved, cancellationToken);
        return known ? new CommentCheckResult(CommentVerdict.Approve, "returning commenter with an approved comment") : null;
    }
}

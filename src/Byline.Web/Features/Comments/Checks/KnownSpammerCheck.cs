using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Comments.Checks;

/// <summary>
/// Learns from the spam folder: an e-mail address or website seen on spam marks the comment spam;
/// an IP address only holds it, because many readers can share one address.
/// </summary>
public sealed class KnownSpammerCheck(BylineDbContext db, Privacy.IpAddressHasher hasher) : ICommentCheck
{
    public async ValueTask<CommentCheckResult?> CheckAsync(CommentCandidate candidate, CancellationToken cancellationToken)
    {
        var spam = db.Comments.AsNoTracking().Where(c => c.Status == CommentStatus.Spam);
        if (await spam.AnyAsync(c => c.AuthorEmail == candidate.AuthorEmail, cancellationToken))
        {
            return new CommentCheckResult(CommentVerdict.Spam, "e-mail address seen on earlier spam");
        }
        if (candidate.AuthorUrl is string url && await spam.AnyAsync(c => c.AuthorUrl == url, cancellationToken))
        {
            return new CommentCheckResult(CommentVerdict.Spam, "website seen on earlier spam");
        }
        // Addresses past the retention window are stored hashed; compare both forms.
        if (candidate.IpAddress is string ip
            && await hasher.HashAsync(ip, cancellationToken) is var hashed
            && await spam.AnyAsync(c => c.IpAddress == ip || c.IpAddress == hashed, cancellationToken))
        {
            return new CommentCheckResult(CommentVerdict.Hold, "IP address seen on earlier spam");
        }
        return null;
    }
}

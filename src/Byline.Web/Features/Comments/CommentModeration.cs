namespace Byline.Web.Features.Comments;

/// <summary>What a check thinks should happen to a comment, in rising severity.</summary>
public enum CommentVerdict
{
    Approve,
    Hold,
    Spam,
    Discard,
}

/// <summary>A submitted comment as the checks see it: everything the server knows, nothing it does not own.</summary>
public sealed record CommentCandidate(
    int ArticleId, string AuthorName, string AuthorEmail, string? AuthorUrl, string Body,
    string? IpAddress, string? UserAgent, DateTime ReceivedAt);

public sealed record CommentCheckResult(CommentVerdict Verdict, string Reason);

/// <summary>
/// One step of the moderation pipeline. Returns null when it has no opinion. The spam-defence
/// feature adds its checks (honeypot, links, classifier, Akismet) by registering more of these.
/// </summary>
public interface ICommentCheck
{
    ValueTask<CommentCheckResult?> CheckAsync(CommentCandidate candidate, CancellationToken cancellationToken);
}

public sealed record CommentDecision(CommentVerdict Verdict, string Reason);

/// <summary>Runs every registered check in order and combines their opinions.</summary>
public sealed class CommentModerator(IEnumerable<ICommentCheck> checks)
{
    public async Task<CommentDecision> DecideAsync(CommentCandidate candidate, CancellationToken cancellationToken)
    {
        var results = new List<CommentCheckResult>();
        foreach (var check in checks)
        {
            if (await check.CheckAsync(candidate, cancellationToken) is { } result)
            {
                results.Add(result);
            }
        }
        return Combine(results);
    }

    /// <summary>
    /// The most severe objection wins; a comment is approved only when some check vouches for it and
    /// none objects; with no opinion at all it is held, WordPress's default for a first comment.
    /// </summary>
    internal static CommentDecision Combine(IReadOnlyList<CommentCheckResult> results)
    {
        if (results.Count == 0)
        {
            return new CommentDecision(CommentVerdict.Hold, "held: first comment from this e-mail address");
        }
        var verdict = results.Max(r => r.Verdict);
        var reasons = string.Join(", ", results.Where(r => r.Verdict == verdict).Select(r => r.Reason));
        var word = verdict switch
        {
            CommentVerdict.Approve => "approved",
            CommentVerdict.Hold => "held",
            CommentVerdict.Spam => "spam",
            _ => "discarded",
        };
        return new CommentDecision(verdict, $"{word}: {reasons}");
    }
}

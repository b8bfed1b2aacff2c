using Byline.Web.Features.Spam.Akismet;

namespace Byline.Web.Features.Comments.Checks;

/// <summary>
/// Akismet as one more opinion, only when an API key is configured. Its "discard" pro-tip drops
/// blatant spam; when Akismet is slow or down the local pipeline decides alone.
/// </summary>
public sealed class AkismetCheck(AkismetClient akismet) : ICommentCheck
{
    public async ValueTask<CommentCheckResult?> CheckAsync(CommentCandidate candidate, CancellationToken cancellationToken)
    {
        if (!akismet.IsEnabled || candidate.IpAddress is null)
        {
            return null;
        }
        var verdict = await akismet.CheckAsync(AkismetComments.From(candidate), cancellationToken);
        return verdict.Kind switch
        {
            AkismetVerdictKind.SpamDiscard => new CommentCheckResult(CommentVerdict.Discard, verdict.Reason),
            AkismetVerdictKind.Spam => new CommentCheckResult(CommentVerdict.Spam, verdict.Reason),
            _ => null,
        };
    }
}

/// <summary>Tells Akismet about moderators' corrections (submit-spam / submit-ham), as its terms ask.</summary>
public sealed class AkismetFeedback(AkismetClient akismet) : ICommentFeedback
{
    public Task LearnAsync(Comment comment, bool isSpam, CancellationToken cancellationToken)
    {
        if (!akismet.IsEnabled || comment.IpAddress is null || Privacy.IpAddressHasher.IsHashed(comment.IpAddress))
        {
            return Task.CompletedTask;
        }
        var data = AkismetComments.From(comment);
        return isSpam ? akismet.SubmitSpamAsync(data, cancellationToken) : akismet.SubmitHamAsync(data, cancellationToken);
    }
}

internal static class AkismetComments
{
    // Akismet's "reply" type means a forum reply; threaded blog replies are comments.
    private const string CommentType = "comment";

    public static AkismetComment From(CommentCandidate c) => new()
    {
        UserIp = c.IpAddress!,
        UserAgent = c.UserAgent,
        Referrer = c.Referrer,
        Permalink = c.Permalink,
        CommentType = CommentType,
        Author = c.AuthorName,
        AuthorEmail = c.AuthorEmail,
        AuthorUrl = c.AuthorUrl,
        Content = c.Body,
        DateGmt = c.ReceivedAt,
        HoneypotFieldName = "phone",
        HoneypotValue = c.HoneypotValue ?? "",
    };

    public static AkismetComment From(Comment c) => new()
    {
        UserIp = c.IpAddress!,
        UserAgent = c.UserAgent,
        CommentType = CommentType,
        Author = c.AuthorName,
        AuthorEmail = c.AuthorEmail,
        AuthorUrl = c.AuthorUrl,
        Content = c.Body,
        DateGmt = c.CreatedAt,
    };
}

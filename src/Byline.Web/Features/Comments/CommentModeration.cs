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
    string? IpAddress, string? UserAgent, DateTime ReceivedAt)
{
    public string? Referrer { get; init; }

    /// <summary>The article's absolute URL.</summary>
    public string? Permalink { get; init; }
    public bool IsReply { get; init; }

    /// <summary>What was typed into the hidden field people never see; bots fill in every field.</summary>
    public string? HoneypotValue { get; init; }

    /// <summary>When the form was shown, from its signed stamp; null when the stamp is missing or forged.</summary>
    public DateTime? FormShownAt { get; init; }
}

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

/// <summary>Runs every registered check in order and combines their opinions under the site's moderation policy.</summary>
public sealed class CommentModerator(IEnumerable<ICommentCheck> checks, Site.SiteSettingsProvider settings)
{
    public async Task<CommentDecision> DecideAsync(CommentCandidate candidate, CancellationToken cancellationToken)
    {
        var results = new List<CommentCheckResult>();
        foreach (var check in checks)
        {
            if (await check.CheckAsync(candidate, cancellationToken) is { } result)
            {
                results.Add(result);
                if (result.Verdict == CommentVerdict.Discard)
                {
                    break;
                }
            }
        }
        var policy = (await settings.GetAsync(cancellationToken)).Settings.ModerationPolicy;
        return Combine(results, policy);
    }

    /// <summary>
    /// Any objection wins, the most severe first ("held: 3 links, first comment"). Without one, a
    /// comment is approved when a check vouches for it (or the site approves everything) and held
    /// otherwise: WordPress's default for a first comment. "Hold all" holds even vouched-for comments.
    /// </summary>
    internal static CommentDecision Combine(IReadOnlyList<CommentCheckResult> results, Site.CommentModerationPolicy policy)
    {
        var objections = results.Where(r => r.Verdict > CommentVerdict.Approve).OrderByDescending(r => r.Verdict).ToList();
        var vouchers = results.Where(r => r.Verdict == CommentVerdict.Approve).Select(r => r.Reason).ToList();
        var reasons = objections.Select(r => r.Reason).ToList();
        CommentVerdict verdict;
        if (objections.Count > 0)
        {
            verdict = objections[0].Verdict;
            if (verdict == CommentVerdict.Hold && vouchers.Count == 0 && policy == Site.CommentModerationPolicy.HoldFirstTime)
            {
                reasons.Add("first comment");
            }
        }
        else if (policy == Site.CommentModerationPolicy.HoldAll)
        {
            verdict = CommentVerdict.Hold;
            reasons.Add("all comments are held for moderation");
        }
        else if (vouchers.Count > 0 || policy == Site.CommentModerationPolicy.ApproveAll)
        {
            verdict = CommentVerdict.Approve;
            reasons.AddRange(vouchers.Count > 0 ? vouchers : ["comments are approved automatically"]);
        }
        else
        {
            verdict = CommentVerdict.Hold;
            reasons.Add("first comment from this e-mail address");
        }
        var word = verdict switch
        {
            CommentVerdict.Approve => "approved",
            CommentVerdict.Hold => "held",
            CommentVerdict.Spam => "spam",
            _ => "discarded",
        };
        return new CommentDecision(verdict, $"{word}: {string.Join(", ", reasons.Distinct())}");
    }
}

using System.Text;

namespace Byline.Web.Features.Spam.Akismet;

/// <summary>
/// One piece of content as Akismet's comment-check, submit-spam and submit-ham take it
/// (https://akismet.com/developers/detailed-docs/comment-check/). The Spam feature's own shape,
/// so it depends on no other feature. Send the same values to submit-spam/ham as to the original
/// check: Akismet matches the reports to the checks by them.
/// </summary>
public sealed record AkismetComment
{
    /// <summary>The commenter's IP address (user_ip, the one required field).</summary>
    public required string UserIp { get; init; }

    /// <summary>The commenter's browser User-Agent (user_agent), not this server's.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The Referer header of the comment post (referrer; Akismet's spelling).</summary>
    public string? Referrer { get; init; }

    /// <summary>The full URL of the article commented on (permalink).</summary>
    public string? Permalink { get; init; }

    /// <summary>comment_type: documented values include "comment", "reply" (to a top-level forum post), "contact-form", "signup".</summary>
    public string? CommentType { get; init; }

    /// <summary>The name given with the comment (comment_author).</summary>
    public string? Author { get; init; }

    /// <summary>The e-mail address given with the comment (comment_author_email).</summary>
    public string? AuthorEmail { get; init; }

    /// <summary>The URL the commenter typed in themselves (comment_author_url).</summary>
    public string? AuthorUrl { get; init; }

    /// <summary>The comment's text as submitted (comment_content).</summary>
    public string? Content { get; init; }

    /// <summary>When the comment was made, UTC (comment_date_gmt).</summary>
    public DateTime? DateGmt { get; init; }

    /// <summary>When the article was published or last changed, UTC (comment_post_modified_gmt).</summary>
    public DateTime? PostModifiedGmt { get; init; }

    /// <summary>The site's language(s), ISO 639-1, comma-separated, e.g. "en" or "en, fr_ca" (blog_lang).</summary>
    public string? BlogLanguage { get; init; }

    /// <summary>The commenter's role on the site (user_role); "administrator" is never spam to Akismet.</summary>
    public string? UserRole { get; init; }

    /// <summary>Name of the hidden form field people never fill in (honeypot_field_name).</summary>
    public string? HoneypotFieldName { get; init; }

    /// <summary>What was typed into that field; sent under the field's own name.</summary>
    public string? HoneypotValue { get; init; }

    /// <summary>Why content is checked again, e.g. "edit" (recheck_reason); null on first check.</summary>
    public string? RecheckReason { get; init; }

    // A record prints every property by default; this one holds an e-mail and an IP address,
    // so ToString (and any log line that uses it) shows only what is safe to keep.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("CommentType = ").Append(CommentType)
            .Append(", Permalink = ").Append(Permalink)
            .Append(", ContentLength = ").Append(Content?.Length ?? 0);
        return true;
    }
}

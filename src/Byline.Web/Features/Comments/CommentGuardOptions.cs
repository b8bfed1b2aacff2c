using System.ComponentModel.DataAnnotations;

namespace Byline.Web.Features.Comments;

/// <summary>The <c>Byline:Comments</c> configuration section: bot traps and rate limits for the comment form.</summary>
public sealed class CommentGuardOptions
{
    public const string Section = "Byline:Comments";

    /// <summary>A form posted sooner than this after it was shown is a bot's (people need a few seconds to type).</summary>
    [Range(0, 600)]
    public int MinimumSecondsToSubmit { get; set; } = 2;

    /// <summary>A form older than this is held for a moderator (a replayed or harvested form).</summary>
    [Range(1, 24 * 365)]
    public int MaximumFormAgeHours { get; set; } = 48;

    /// <summary>Comments one IP address may post per window.</summary>
    [Range(1, 10_000)]
    public int PermitsPerIp { get; set; } = 6;

    /// <summary>Comments one e-mail address may post per window.</summary>
    [Range(1, 10_000)]
    public int PermitsPerEmail { get; set; } = 4;

    /// <summary>Days a commenter's raw IP address is kept; after that it becomes a salted hash.</summary>
    [Range(1, 3650)]
    public int IpRetentionDays { get; set; } = 30;

    /// <summary>The rate-limit window in seconds.</summary>
    [Range(1, 86_400)]
    public int RateLimitWindowSeconds { get; set; } = 300;
}

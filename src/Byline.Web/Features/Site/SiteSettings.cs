namespace Byline.Web.Features.Site;

/// <summary>Owner-editable site settings: one row, cached in memory by <see cref="SiteSettingsProvider"/>.</summary>
public sealed class SiteSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public string Title { get; set; } = "Byline";
    public string Tagline { get; set; } = "News and analysis";

    /// <summary>IANA time zone id used for the date line and article dates.</summary>
    public string TimeZoneId { get; set; } = "UTC";

    /// <summary>Culture name for dates and numbers, e.g. "en-US".</summary>
    public string Culture { get; set; } = "en-US";
    public int PostsPerPage { get; set; } = 10;

    /// <summary>How article addresses look, e.g. "/{year}/{month}/{slug}", "/{category}/{slug}" or "/{slug}".</summary>
    public string PermalinkStructure { get; set; } = "/{year}/{month}/{slug}";

    /// <summary>Feeds carry each article's full text (WordPress's default) rather than only its excerpt.</summary>
    public bool FeedFullText { get; set; } = true;

    /// <summary>Where new articles start and where a deleted category's articles go; null means the first top-level category.</summary>
    public int? DefaultCategoryId { get; set; }

    /// <summary>Most Popular window in days: 1, 7 or 30; 0 means all time.</summary>
    public int PopularWindowDays { get; set; } = 7;
    public int PopularCount { get; set; } = 5;
    public int RecentCommentsCount { get; set; } = 5;
    public int RelatedCount { get; set; } = 4;

    /// <summary>Comments on the whole site; an article can also close its own.</summary>
    public bool CommentsEnabled { get; set; } = true;

    /// <summary>Close comments on articles older than this many days; 0 never closes them.</summary>
    public int CloseCommentsAfterDays { get; set; }

    public CommentModerationPolicy ModerationPolicy { get; set; } = CommentModerationPolicy.HoldFirstTime;

    /// <summary>Hold a comment with more links than this.</summary>
    public int MaxLinksBeforeHold { get; set; } = 2;

    /// <summary>One entry a line: words, e-mail addresses, IP addresses or URL fragments.</summary>
    public string BlockedTerms { get; set; } = "";

    /// <summary>What a blocked term does: hold the comment for a moderator, or mark it spam.</summary>
    public BlockedTermAction BlockedTermAction { get; set; } = BlockedTermAction.Hold;

    /// <summary>One entry a line: e-mail addresses or IP addresses whose comments are approved at once.</summary>
    public string AllowedCommenters { get; set; } = "";

    /// <summary>Random per site, made on first start: the salt for hashing commenters' old IP addresses.</summary>
    public string PrivacySalt { get; set; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Top-level comments per page of a long thread; the first page is in the article's HTML.</summary>
    public int CommentsPerPage { get; set; } = 50;

    public CommentOrder CommentOrder { get; set; } = CommentOrder.OldestFirst;

    /// <summary>Replies nest up to this depth; deeper replies are shown at this depth.</summary>
    public int CommentThreadDepth { get; set; } = 5;
}

public enum CommentModerationPolicy
{
    /// <summary>WordPress's default: a commenter's first comment waits for a moderator.</summary>
    HoldFirstTime,
    HoldAll,
    ApproveAll,
}

public enum CommentOrder
{
    OldestFirst,
    NewestFirst,
}

public enum BlockedTermAction
{
    Hold,
    Spam,
}

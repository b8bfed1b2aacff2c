using Byline.Web.Features.Articles;

namespace Byline.Web.Features.Comments;

public enum CommentStatus
{
    Pending,
    Approved,
    Spam,
    Trash,
}

/// <summary>A reader's comment. Status, ids, dates and the IP are set by the server only.</summary>
public sealed class Comment
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public Article Article { get; set; } = null!;
    public int? ParentId { get; set; }
    public required string AuthorName { get; set; }

    /// <summary>Trimmed and lower-cased so a returning commenter is recognised. Never shown publicly.</summary>
    public required string AuthorEmail { get; set; }
    public string? AuthorUrl { get; set; }
    public required string Body { get; set; }

    /// <summary>Of the folded body, to find duplicates with an index instead of comparing texts.</summary>
    public string? BodyHash { get; set; }

    /// <summary>The body rendered once on save (Markdown, safe subset, sanitized); null for rows from before it existed.</summary>
    public string? BodyHtml { get; set; }
    public CommentStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }

    /// <summary>Why the moderation pipeline decided as it did, for moderators ("held: first comment").</summary>
    public string? ModerationReason { get; set; }

    /// <summary>Set when a staff member wrote the comment (a reply from the admin area).</summary>
    public int? UserId { get; set; }

    /// <summary>When a moderator last edited the text.</summary>
    public DateTime? EditedAt { get; set; }
}

using Byline.Web.Features.Authors;
using Byline.Web.Features.Taxonomy;

namespace Byline.Web.Features.Articles;

public enum ArticleStatus
{
    Draft,
    PendingReview,
    Scheduled,
    Published,
    Trashed,
}

/// <summary>An article as stored. Pages read projections of it, never the entity itself.</summary>
public sealed class Article
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string? Excerpt { get; set; }
    public required string BodyMarkdown { get; set; }

    /// <summary>Sanitized HTML rendered from <see cref="BodyMarkdown"/> on save, so reads never run Markdig.</summary>
    public required string BodyHtml { get; set; }

    public ArticleStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? PublishedAt { get; set; }
    public bool CommentsOpen { get; set; } = true;
    public bool IsSticky { get; set; }

    /// <summary>An image URL (usually from the media library) shown above the article and in feeds and cards.</summary>
    public string? FeaturedImageUrl { get; set; }
    public string? FeaturedImageAlt { get; set; }

    /// <summary>Bumped on every save; a save based on an older version is refused with a warning, never lost.</summary>
    public int Version { get; set; }

    /// <summary>The state an article was in before it was trashed, so restoring puts it back.</summary>
    public ArticleStatus? StatusBeforeTrash { get; set; }

    /// <summary>For the list of last edits and the conflict warning.</summary>
    public int? LastEditedByUserId { get; set; }

    public int AuthorId { get; set; }
    public Author Author { get; set; } = null!;
    public int CategoryId { get; set; }
    public Category Category { get; set; } = null!;
    public List<Tag> Tags { get; set; } = [];
}

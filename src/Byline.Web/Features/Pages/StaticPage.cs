namespace Byline.Web.Features.Pages;

public enum StaticPageStatus
{
    Draft,
    Published,
    Trashed,
}

/// <summary>A page outside the article flow (About, Contact): no date, category or comments.</summary>
public sealed class StaticPage
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public required string BodyMarkdown { get; set; }

    /// <summary>Rendered and sanitized on save by the article pipeline.</summary>
    public required string BodyHtml { get; set; }
    public StaticPageStatus Status { get; set; }

    /// <summary>Listed in the footer navigation, in this order.</summary>
    public int MenuOrder { get; set; }
    public bool ShowInFooter { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Bumped on every save; a save based on an older version is refused, not lost.</summary>
    public int Version { get; set; }
}

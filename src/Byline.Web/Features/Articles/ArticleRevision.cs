namespace Byline.Web.Features.Articles;

/// <summary>A snapshot of an article's text, taken on every save, so any earlier version can be compared and restored.</summary>
public sealed class ArticleRevision
{
    public int Id { get; set; }
    public int ArticleId { get; set; }

    /// <summary>1, 2, 3… per article.</summary>
    public int Number { get; set; }
    public required string Title { get; set; }
    public required string Slug { get; set; }
    public string? Excerpt { get; set; }
    public required string BodyMarkdown { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Who saved it, kept by name too so the history survives the account.</summary>
    public int? UserId { get; set; }
    public required string UserName { get; set; }

    /// <summary>Made by the editor's autosave rather than a deliberate save.</summary>
    public bool IsAutosave { get; set; }
}

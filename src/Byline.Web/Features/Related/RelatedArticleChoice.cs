namespace Byline.Web.Features.Related;

/// <summary>
/// An editor's override of the computed related articles: pin <see cref="OtherArticleId"/> into the box at
/// <see cref="Position"/>, or exclude it from the box whatever its score.
/// </summary>
public sealed class RelatedArticleChoice
{
    public int ArticleId { get; set; }
    public int OtherArticleId { get; set; }
    public bool Pinned { get; set; }

    /// <summary>Order among the pins (0 first); ignored for exclusions.</summary>
    public int Position { get; set; }
}

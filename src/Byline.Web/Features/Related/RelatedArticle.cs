namespace Byline.Web.Features.Related;

/// <summary>One precomputed "related article" slot, written when an article is published or changed.</summary>
public sealed class RelatedArticle
{
    public int ArticleId { get; set; }
    public int Position { get; set; }
    public int RelatedArticleId { get; set; }
    public double Score { get; set; }
}

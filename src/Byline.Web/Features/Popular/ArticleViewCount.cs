namespace Byline.Web.Features.Popular;

/// <summary>Views of one article on one UTC day; the counter adds to it in batches.</summary>
public sealed class ArticleViewCount
{
    public int ArticleId { get; set; }
    public DateOnly Day { get; set; }
    public long Views { get; set; }
}

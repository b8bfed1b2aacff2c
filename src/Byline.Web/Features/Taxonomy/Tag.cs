using Byline.Web.Features.Articles;

namespace Byline.Web.Features.Taxonomy;

public sealed class Tag
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public List<Article> Articles { get; set; } = [];
}

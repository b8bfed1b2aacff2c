using Byline.Web.Features.Articles;
using Byline.Web.Features.Shared;
using Byline.Web.Features.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Taxonomy;

/// <summary>A category's articles, including those filed under its subcategories.</summary>
public sealed class CategoryPageModel(ArticleQueries articles, CategoryDirectory categories, SiteSettingsProvider settings) : PageModel
{
    public CategoryNode Category { get; private set; } = null!;
    public IReadOnlyList<CategoryNode> Subcategories { get; private set; } = [];
    public ArticlePage Articles { get; private set; } = null!;
    public IReadOnlyList<Crumb> Breadcrumbs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "page")] string? pageText, CancellationToken cancellationToken)
    {
        if (!PageNumbers.TryParse(pageText, out var pageNumber))
        {
            return BadRequest();
        }
        var tree = await categories.GetAsync(cancellationToken);
        if (tree.Find(slug) is not { } category)
        {
            return NotFound();
        }
        var site = await settings.GetAsync(cancellationToken);
        var result = await articles.ListAsync(
            new ArticleListFilter(CategoryIds: tree.SelfAndDescendantIds(category.Id)), pageNumber, site.Settings.PostsPerPage, cancellationToken);
        if (result is null)
        {
            return NotFound();
        }
        Category = category;
        Subcategories = tree.ChildrenOf(category.Id);
        Articles = result;
        Breadcrumbs = [new Crumb("Home", "/"), .. tree.PathTo(category.Id).Select(c => new Crumb(c.Name, c.Url))];
        return Page();
    }
}

using Byline.Web.Features.Articles;
using Byline.Web.Features.Shared;
using Byline.Web.Features.Site;
using Microsoft.AspNetCore.Mvc;

namespace Byline.Web.Features.Taxonomy;

/// <summary>A category's articles, including those filed under its subcategories.</summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Infrastructure.Web.PublicPageCache.Policy)]
public sealed class CategoryPageModel(ArticleQueries articles, CategoryDirectory categories, SiteSettingsProvider settings)
    : ArchivePageModel(articles, settings)
{
    public CategoryNode Category { get; private set; } = null!;
    public IReadOnlyList<CategoryNode> Subcategories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "page")] string? pageText, CancellationToken cancellationToken)
    {
        var tree = await categories.GetAsync(cancellationToken);
        if (tree.Find(slug) is not { } category)
        {
            return NotFound();
        }
        if (await LoadArticlesAsync(new ArticleListFilter(CategoryIds: tree.SelfAndDescendantIds(category.Id)), pageText, cancellationToken) is { } error)
        {
            return error;
        }
        Category = category;
        Subcategories = tree.ChildrenOf(category.Id);
        Breadcrumbs = [new Crumb("Home", "/"), .. tree.PathTo(category.Id).Select(c => new Crumb(c.Name, c.Url))];
        return Page();
    }
}

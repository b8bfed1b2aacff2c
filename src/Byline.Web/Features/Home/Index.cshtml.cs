using Byline.Web.Features.Articles;
using Byline.Web.Features.Shared;
using Byline.Web.Features.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Home;

public sealed class IndexModel(ArticleQueries articles, SiteSettingsProvider settings) : PageModel
{
    public ArticlePage Articles { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] string? pageText, CancellationToken cancellationToken)
    {
        if (!PageNumbers.TryParse(pageText, out var pageNumber))
        {
            return BadRequest();
        }
        var site = await settings.GetAsync(cancellationToken);
        var result = await articles.ListAsync(new ArticleListFilter(), pageNumber, site.Settings.PostsPerPage, cancellationToken);
        if (result is null)
        {
            return NotFound();
        }
        Articles = result;
        return Page();
    }
}

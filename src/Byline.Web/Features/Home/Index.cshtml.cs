using Byline.Web.Features.Articles;
using Byline.Web.Features.Site;
using Microsoft.AspNetCore.Mvc;

namespace Byline.Web.Features.Home;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Infrastructure.Web.PublicPageCache.Policy)]
public sealed class IndexModel(ArticleQueries articles, SiteSettingsProvider settings) : ArchivePageModel(articles, settings)
{
    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] string? pageText, CancellationToken cancellationToken) =>
        await LoadArticlesAsync(new ArticleListFilter { StickyFirst = true }, pageText, cancellationToken) ?? Page();
}

using Byline.Web.Features.Shared;
using Byline.Web.Features.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Articles;

/// <summary>
/// A paginated list of articles (home, category, tag, author): reads <c>?page=</c>, answers 400 for
/// anything but a positive whole number and 404 past the last page.
/// </summary>
public abstract class ArchivePageModel(ArticleQueries articles, SiteSettingsProvider settings) : PageModel
{
    public ArticlePage Articles { get; private set; } = null!;
    public IReadOnlyList<Crumb> Breadcrumbs { get; protected set; } = [];

    /// <summary>Loads the requested page into <see cref="Articles"/>, or returns the error to answer with.</summary>
    protected async Task<IActionResult?> LoadArticlesAsync(ArticleListFilter filter, string? pageText, CancellationToken cancellationToken)
    {
        if (!PageNumbers.TryParse(pageText, out var pageNumber))
        {
            return BadRequest();
        }
        var site = await settings.GetAsync(cancellationToken);
        await articles.HoldConnectionAsync(cancellationToken);
        var page = await articles.ListAsync(filter, pageNumber, site.Settings.PostsPerPage, cancellationToken);
        if (page is null)
        {
            return NotFound();
        }
        Articles = page;
        return null;
    }
}

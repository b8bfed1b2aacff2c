using Byline.Web.Features.Shared;
using Byline.Web.Features.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Search;

public sealed class SearchModel(ArticleSearch search, SiteSettingsProvider settings) : PageModel
{
    public string Query { get; private set; } = "";
    public SearchResults Results { get; private set; } = new("", [], 1, 1, 0);

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "q")] string? query, [FromQuery(Name = "page")] string? pageText, CancellationToken cancellationToken)
    {
        if (!PageNumbers.TryParse(pageText, out var pageNumber))
        {
            return BadRequest();
        }
        Query = (query ?? "").Trim();
        if (Query.Length > ArticleSearch.MaxQueryLength)
        {
            Query = Query[..ArticleSearch.MaxQueryLength];
        }
        if (Query.Length == 0)
        {
            return Page();
        }
        var pageSize = (await settings.GetAsync(cancellationToken)).Settings.PostsPerPage;
        if (await search.SearchAsync(Query, pageNumber, pageSize, cancellationToken) is not { } results)
        {
            return NotFound();
        }
        Results = results;
        return Page();
    }
}

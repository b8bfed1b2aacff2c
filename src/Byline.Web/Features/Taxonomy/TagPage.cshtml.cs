using Byline.Web.Features.Articles;
using Byline.Web.Features.Shared;
using Byline.Web.Features.Site;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Taxonomy;

public sealed class TagPageModel(BylineDbContext db, ArticleQueries articles, SiteSettingsProvider settings) : PageModel
{
    public string TagName { get; private set; } = "";
    public string TagUrl { get; private set; } = "";
    public ArticlePage Articles { get; private set; } = null!;
    public IReadOnlyList<Crumb> Breadcrumbs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "page")] string? pageText, CancellationToken cancellationToken)
    {
        if (!PageNumbers.TryParse(pageText, out var pageNumber))
        {
            return BadRequest();
        }
        var tag = await db.Tags.AsNoTracking().Where(t => t.Slug == slug).Select(t => new { t.Id, t.Slug, t.Name })
            .SingleOrDefaultAsync(cancellationToken);
        if (tag is null)
        {
            return NotFound();
        }
        var site = await settings.GetAsync(cancellationToken);
        var result = await articles.ListAsync(new ArticleListFilter(TagId: tag.Id), pageNumber, site.Settings.PostsPerPage, cancellationToken);
        if (result is null)
        {
            return NotFound();
        }
        TagName = tag.Name;
        TagUrl = new TagRef(tag.Slug, tag.Name).Url;
        Articles = result;
        Breadcrumbs = [new Crumb("Home", "/"), new Crumb($"Tag: {tag.Name}", TagUrl)];
        return Page();
    }
}

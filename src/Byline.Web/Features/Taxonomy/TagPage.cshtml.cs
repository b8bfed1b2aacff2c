using Byline.Web.Features.Articles;
using Byline.Web.Features.Shared;
using Byline.Web.Features.Site;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Taxonomy;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Infrastructure.Web.PublicPageCache.Policy)]
public sealed class TagPageModel(BylineDbContext db, ArticleQueries articles, SiteSettingsProvider settings)
    : ArchivePageModel(articles, settings)
{
    public string TagName { get; private set; } = "";
    public string TagUrl { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "page")] string? pageText, CancellationToken cancellationToken)
    {
        var tag = await db.Tags.AsNoTracking().Where(t => t.Slug == slug).Select(t => new TagRef(t.Slug, t.Name))
            .SingleOrDefaultAsync(cancellationToken);
        if (tag is null)
        {
            return NotFound();
        }
        if (await LoadArticlesAsync(new ArticleListFilter(TagSlug: tag.Slug), pageText, cancellationToken) is { } error)
        {
            return error;
        }
        TagName = tag.Name;
        TagUrl = tag.Url;
        Breadcrumbs = [new Crumb("Home", "/"), new Crumb($"Tag: {tag.Name}", TagUrl)];
        return Page();
    }
}

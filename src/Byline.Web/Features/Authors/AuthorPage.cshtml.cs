using Byline.Web.Features.Articles;
using Byline.Web.Features.Shared;
using Byline.Web.Features.Site;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Authors;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Infrastructure.Web.PublicPageCache.Policy)]
public sealed class AuthorPageModel(BylineDbContext db, ArticleQueries articles, SiteSettingsProvider settings)
    : ArchivePageModel(articles, settings)
{
    public string Name { get; private set; } = "";
    public string? Bio { get; private set; }
    public string? AvatarUrl { get; private set; }
    public string AuthorUrl { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "page")] string? pageText, CancellationToken cancellationToken)
    {
        var author = await db.Authors.AsNoTracking().Where(a => a.Slug == slug)
            .Select(a => new { a.Id, a.Slug, a.DisplayName, a.Bio, a.AvatarUrl }).SingleOrDefaultAsync(cancellationToken);
        if (author is null)
        {
            // An author who changed their address left a redirect row; RedirectMiddleware answers the 404 with it.
            return NotFound();
        }
        if (await LoadArticlesAsync(new ArticleListFilter(AuthorId: author.Id), pageText, cancellationToken) is { } error)
        {
            return error;
        }
        Name = author.DisplayName;
        Bio = author.Bio;
        AvatarUrl = author.AvatarUrl;
        AuthorUrl = new AuthorRef(author.Slug, author.DisplayName).Url;
        Breadcrumbs = [new Crumb("Home", "/"), new Crumb(author.DisplayName, AuthorUrl)];
        return Page();
    }
}

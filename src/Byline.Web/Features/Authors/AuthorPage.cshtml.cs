using Byline.Web.Features.Articles;
using Byline.Web.Features.Shared;
using Byline.Web.Features.Site;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Authors;

public sealed class AuthorPageModel(BylineDbContext db, ArticleQueries articles, SiteSettingsProvider settings) : PageModel
{
    public string Name { get; private set; } = "";
    public string? Bio { get; private set; }
    public string AuthorUrl { get; private set; } = "";
    public ArticlePage Articles { get; private set; } = null!;
    public IReadOnlyList<Crumb> Breadcrumbs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery(Name = "page")] string? pageText, CancellationToken cancellationToken)
    {
        if (!PageNumbers.TryParse(pageText, out var pageNumber))
        {
            return BadRequest();
        }
        var author = await db.Authors.AsNoTracking().Where(a => a.Slug == slug)
            .Select(a => new { a.Id, a.Slug, a.DisplayName, a.Bio }).SingleOrDefaultAsync(cancellationToken);
        if (author is null)
        {
            return NotFound();
        }
        var site = await settings.GetAsync(cancellationToken);
        var result = await articles.ListAsync(new ArticleListFilter(AuthorId: author.Id), pageNumber, site.Settings.PostsPerPage, cancellationToken);
        if (result is null)
        {
            return NotFound();
        }
        Name = author.DisplayName;
        Bio = author.Bio;
        AuthorUrl = new AuthorRef(author.Slug, author.DisplayName).Url;
        Articles = result;
        Breadcrumbs = [new Crumb("Home", "/"), new Crumb(author.DisplayName, AuthorUrl)];
        return Page();
    }
}

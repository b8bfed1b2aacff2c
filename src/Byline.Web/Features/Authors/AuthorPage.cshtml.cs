using Byline.Web.Features.Articles;
using Byline.Web.Features.Shared;
using Byline.Web.Features.Site;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Authors;

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
            // An author who changed their address leaves a redirect from the old one.
            var from = Features.Articles.Redirect.NormalizePath("/author/" + slug);
            var to = await db.Redirects.AsNoTracking().Where(r => r.FromPath == from && r.ToPath != null)
                .Select(r => r.ToPath).FirstOrDefaultAsync(cancellationToken);
            return to is not null && Url.IsLocalUrl(to) ? RedirectPermanent(to + Request.QueryString) : NotFound();
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

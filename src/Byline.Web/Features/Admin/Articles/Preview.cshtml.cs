using Byline.Web.Features.Articles;
using Byline.Web.Features.Identity;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Admin.Articles;

/// <summary>An unpublished article as readers will see it, for staff who may edit it.</summary>
public sealed class PreviewModel(BylineDbContext db) : PageModel
{
    public int Id { get; private set; }
    public string Title { get; private set; } = "";
    public string BodyHtml { get; private set; } = "";
    public string AuthorName { get; private set; } = "";
    public string? FeaturedImageUrl { get; private set; }
    public string? FeaturedImageAlt { get; private set; }
    public ArticleStatus Status { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var article = await db.Articles.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.Title, a.BodyHtml, a.AuthorId, Author = a.Author.DisplayName, a.Status, a.FeaturedImageUrl, a.FeaturedImageAlt })
            .SingleOrDefaultAsync(cancellationToken);
        if (article is null)
        {
            return NotFound();
        }
        var myAuthorId = await db.AuthorIdAsync(User, cancellationToken);
        if (!ArticleEditor.CanEdit(User, article.AuthorId, myAuthorId, article.Status))
        {
            return Forbid();
        }
        (Id, Title, BodyHtml, AuthorName, Status, FeaturedImageUrl, FeaturedImageAlt) =
            (id, article.Title, article.BodyHtml, article.Author, article.Status, article.FeaturedImageUrl, article.FeaturedImageAlt);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}

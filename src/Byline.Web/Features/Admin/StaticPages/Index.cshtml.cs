using Byline.Web.Features.Identity;
using Byline.Web.Features.Pages;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Admin.StaticPages;

[Authorize(Policy = Policies.ManageContent)]
public sealed class IndexModel(BylineDbContext db) : PageModel
{
    public sealed record Row(int Id, string Title, string Slug, StaticPageStatus Status, bool ShowInFooter, DateTime UpdatedAt);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Rows = await db.StaticPages.AsNoTracking().OrderBy(p => p.Status == StaticPageStatus.Trashed).ThenBy(p => p.MenuOrder).ThenBy(p => p.Title)
            .Select(p => new Row(p.Id, p.Title, p.Slug, p.Status, p.ShowInFooter, p.UpdatedAt)).ToListAsync(cancellationToken);
}

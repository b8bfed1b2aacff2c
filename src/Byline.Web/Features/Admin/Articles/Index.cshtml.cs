using Byline.Web.Features.Articles;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Shared;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Admin.Articles;

/// <summary>All articles for editors; one's own for authors and contributors.</summary>
public sealed class IndexModel(BylineDbContext db) : PageModel
{
    public const int PageSize = 30;

    public sealed record Row(int Id, string Title, string Author, string Category, ArticleStatus Status, DateTime? PublishedAt, DateTime UpdatedAt, bool IsSticky);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyDictionary<ArticleStatus, int> Counts { get; private set; } = new Dictionary<ArticleStatus, int>();
    public ArticleStatus? Filter { get; private set; }
    public string? Query { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int PageCount { get; private set; } = 1;
    public bool ShowsEveryone { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? status, string? q, [FromQuery(Name = "page")] string? pageText, CancellationToken cancellationToken)
    {
        if (!PageNumbers.TryParse(pageText, out var pageNumber))
        {
            return BadRequest();
        }
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<ArticleStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return BadRequest();
            }
            Filter = parsed;
        }
        Query = string.IsNullOrWhiteSpace(q) ? null : q.Trim()[..Math.Min(q.Trim().Length, 200)];
        ShowsEveryone = User.CanManageContent();

        var articles = db.Articles.AsNoTracking();
        if (!ShowsEveryone)
        {
            var userId = User.UserId();
            var authorId = await db.Users.Where(u => u.Id == userId).Select(u => u.AuthorId).SingleAsync(cancellationToken);
            articles = articles.Where(a => a.AuthorId == authorId);
        }
        Counts = (await articles.GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .ToDictionary(x => x.Key, x => x.Count);

        articles = Filter is ArticleStatus wanted ? articles.Where(a => a.Status == wanted) : articles.Where(a => a.Status != ArticleStatus.Trashed);
        if (Query is { } text)
        {
            var lowered = text.ToLowerInvariant();
#pragma warning disable CA1862 // The StringComparison overload does not translate to SQL; ToLower() does, on both providers.
            articles = articles.Where(a => a.Title.ToLower().Contains(lowered));
#pragma warning restore CA1862
        }
        var total = await articles.CountAsync(cancellationToken);
        PageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        if (pageNumber > PageCount)
        {
            return NotFound();
        }
        PageNumber = pageNumber;
        Rows = await articles
            .OrderByDescending(a => a.Status == ArticleStatus.Draft || a.Status == ArticleStatus.PendingReview ? a.UpdatedAt : a.PublishedAt ?? a.UpdatedAt)
            .ThenByDescending(a => a.Id)
            .Skip((pageNumber - 1) * PageSize).Take(PageSize)
            .Select(a => new Row(a.Id, a.Title, a.Author.DisplayName, a.Category.Name, a.Status, a.PublishedAt, a.UpdatedAt, a.IsSticky))
            .ToListAsync(cancellationToken);
        return Page();
    }

    public string FilterUrl(ArticleStatus? status) =>
        "/admin/articles" + (status is null ? "" : "?status=" + status.ToString()!.ToLowerInvariant());
}

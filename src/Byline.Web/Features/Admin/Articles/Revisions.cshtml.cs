using Byline.Web.Features.Articles;
using Byline.Web.Features.Identity;
using Byline.Web.Infrastructure.Data;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Admin.Articles;

/// <summary>An article's saved versions: who saved what when, a line diff against the current text, and restore.</summary>
public sealed class RevisionsModel(BylineDbContext db, ArticleEditor editor) : PageModel
{
    public sealed record RevisionRow(int Number, DateTime CreatedAt, string UserName, bool IsAutosave, string Title);

    public int ArticleId { get; private set; }
    public string Title { get; private set; } = "";
    public IReadOnlyList<RevisionRow> Revisions { get; private set; } = [];
    public int? Compared { get; private set; }
    public IReadOnlyList<DiffPiece> TitleDiff { get; private set; } = [];
    public IReadOnlyList<DiffPiece> BodyDiff { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, int? compare, CancellationToken cancellationToken)
    {
        var article = await db.Articles.AsNoTracking().Where(a => a.Id == id)
            .Select(a => new { a.Title, a.BodyMarkdown, a.AuthorId, a.Status }).SingleOrDefaultAsync(cancellationToken);
        if (article is null)
        {
            return NotFound();
        }
        var myAuthorId = await db.AuthorIdAsync(User, cancellationToken);
        if (!ArticleEditor.CanEdit(User, article.AuthorId, myAuthorId, article.Status))
        {
            return Forbid();
        }
        ArticleId = id;
        Title = article.Title;
        Revisions = await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == id).OrderByDescending(r => r.Number)
            .Select(r => new RevisionRow(r.Number, r.CreatedAt, r.UserName, r.IsAutosave, r.Title)).ToListAsync(cancellationToken);
        if (compare is int number)
        {
            var revision = await db.ArticleRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.ArticleId == id && r.Number == number, cancellationToken);
            if (revision is null)
            {
                return NotFound();
            }
            Compared = number;
            TitleDiff = InlineDiffBuilder.Diff(revision.Title, article.Title).Lines;
            BodyDiff = InlineDiffBuilder.Diff(revision.BodyMarkdown, article.BodyMarkdown).Lines;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync(int id, int number, CancellationToken cancellationToken)
    {
        var result = await editor.RestoreRevisionAsync(User, id, number, cancellationToken);
        switch (result.Outcome)
        {
            case EditorOutcome.Saved:
                TempData["Status"] = $"Revision {number} restored. The text it replaced is kept as a revision too.";
                return Redirect($"/admin/articles/{id}");
            case EditorOutcome.NotFound:
                return NotFound();
            case EditorOutcome.Forbidden:
                return Forbid();
            default:
                TempData["Status"] = result.Message ?? string.Join(" ", result.Errors?.Values ?? []);
                return Redirect($"/admin/articles/{id}/revisions");
        }
    }
}

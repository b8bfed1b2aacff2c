using Byline.Web.Features.Articles;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Pages;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Admin.StaticPages;

[Authorize(Policy = Policies.ManageContent)]
[RequestSizeLimit(Articles.EditLimits.RequestMaxBytes)]
[RequestFormLimits(ValueLengthLimit = Articles.EditLimits.RequestMaxBytes)]
public sealed class EditModel(BylineDbContext db, StaticPageEditor editor, MarkdownRenderer markdown) : PageModel
{
    public sealed class PageForm
    {
        public string? Title { get; set; } = "";
        public string? Slug { get; set; }
        public string? Body { get; set; } = "";
        public StaticPageStatus Status { get; set; } = StaticPageStatus.Draft;
        public bool ShowInFooter { get; set; } = true;
        public int MenuOrder { get; set; }
        public int Version { get; set; }
    }

    [BindProperty]
    public PageForm Form { get; set; } = new();

    public int? PageId { get; private set; }
    public StaticPageStatus Status { get; private set; } = StaticPageStatus.Draft;
    public string? PreviewHtml { get; private set; }
    public string? ConflictMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken cancellationToken)
    {
        if (id is int pageId)
        {
            var page = await db.StaticPages.AsNoTracking().SingleOrDefaultAsync(p => p.Id == pageId, cancellationToken);
            if (page is null)
            {
                return NotFound();
            }
            Form = new PageForm
            {
                Title = page.Title, Slug = page.Slug, Body = page.BodyMarkdown, Status = page.Status,
                ShowInFooter = page.ShowInFooter, MenuOrder = page.MenuOrder, Version = page.Version,
            };
            (PageId, Status) = (pageId, page.Status);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, string? command, CancellationToken cancellationToken)
    {
        PageId = id;
        if (id is int existing)
        {
            Status = await db.StaticPages.Where(p => p.Id == existing).Select(p => p.Status).SingleOrDefaultAsync(cancellationToken);
        }
        if (command == "preview")
        {
            PreviewHtml = markdown.ToHtml(Form.Body ?? "");
            ModelState.Clear();
            return Page();
        }
        if (!ModelState.IsValid || command != "save")
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            ModelState.AddModelError(string.Empty, "Some fields could not be read.");
            return Page();
        }
        var input = new StaticPageInput(Form.Title ?? "", Form.Slug, Form.Body ?? "", Form.Status, Form.MenuOrder, Form.ShowInFooter);
        var result = await editor.SaveAsync(User, id, id is null ? null : Form.Version, input, cancellationToken);
        switch (result.Outcome)
        {
            case EditorOutcome.Saved:
                TempData["Status"] = "Page saved.";
                return Redirect($"/admin/pages/{result.ArticleId}");
            case EditorOutcome.NotFound:
                return NotFound();
            case EditorOutcome.Conflict:
                ConflictMessage = result.Message;
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                foreach (var (field, message) in result.Errors ?? new Dictionary<string, string>())
                {
                    ModelState.AddModelError(field == "BodyMarkdown" ? "Form.Body" : $"Form.{field}", message);
                }
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
        }
    }

    public async Task<IActionResult> OnPostTrashAsync(int id, CancellationToken cancellationToken) =>
        Done(await editor.SetTrashedAsync(User, id, trashed: true, cancellationToken), "Moved to the trash.", "/admin/pages");

    public async Task<IActionResult> OnPostRestoreAsync(int id, CancellationToken cancellationToken) =>
        Done(await editor.SetTrashedAsync(User, id, trashed: false, cancellationToken), "Restored as a draft.", $"/admin/pages/{id}");

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken) =>
        Done(await editor.DeleteAsync(User, id, cancellationToken), "Deleted permanently.", "/admin/pages");

    private IActionResult Done(EditorResult result, string success, string next)
    {
        if (result.Outcome == EditorOutcome.NotFound)
        {
            return NotFound();
        }
        TempData["Status"] = result.Outcome == EditorOutcome.Saved ? success : result.Message;
        return Redirect(result.Outcome == EditorOutcome.Saved ? next : $"/admin/pages/{result.ArticleId}");
    }
}

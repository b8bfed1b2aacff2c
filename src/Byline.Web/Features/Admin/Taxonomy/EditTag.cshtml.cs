using Byline.Web.Features.Identity;
using Byline.Web.Features.Taxonomy;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Admin.Taxonomy;

/// <summary>One tag: rename, new slug, merge into another, delete.</summary>
[Authorize(Policy = Policies.ManageContent)]
public sealed class EditTagModel(TaxonomyService taxonomy, BylineDbContext db) : PageModel
{
    public TagRow Tag { get; private set; } = null!;

    [BindProperty]
    public TermForm Input { get; set; } = new();

    /// <summary>The target's name or slug, typed: tag lists can be too long for a select.</summary>
    [BindProperty]
    public string? MergeTarget { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Input = new TermForm { Name = Tag.Name, Slug = Tag.Slug };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await taxonomy.UpdateTagAsync(User, id, Input.ToInput() with { Description = null, ParentId = null }, cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = "Tag saved.";
                return RedirectToPage(new { id });
            }
            result.AddTo(ModelState, nameof(Input));
        }
        return await RedisplayAsync(id, keepInput: true, cancellationToken);
    }

    public async Task<IActionResult> OnPostMergeAsync(int id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var typed = MergeTarget?.Trim() ?? "";
        var slug = Shared.Slugs.From(typed);
        var targetId = typed.Length == 0 ? null
            : await db.Tags.Where(t => t.Slug == slug || t.Name == typed).OrderBy(t => t.Slug == slug ? 0 : 1)
                .Select(t => (int?)t.Id).FirstOrDefaultAsync(cancellationToken);
        if (typed.Length > 0 && targetId is null)
        {
            ModelState.AddModelError(nameof(MergeTarget), $"There is no tag “{typed}”. Type the name or slug of an existing tag.");
            return await RedisplayAsync(id, keepInput: false, cancellationToken);
        }
        var result = await taxonomy.MergeTagAsync(User, id, targetId, cancellationToken);
        if (result.Succeeded)
        {
            TempData["Status"] = "Tags merged.";
            return RedirectToPage("/Admin/Taxonomy/Tags");
        }
        ModelState.AddModelError(result.Field == "MergeTargetId" ? nameof(MergeTarget) : string.Empty, result.Error!);
        return await RedisplayAsync(id, keepInput: false, cancellationToken);
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken)
    {
        var result = await taxonomy.DeleteTagAsync(User, id, cancellationToken);
        if (!result.Succeeded)
        {
            return NotFound();
        }
        TempData["Status"] = "Tag deleted.";
        return RedirectToPage("/Admin/Taxonomy/Tags");
    }

    private async Task<IActionResult> RedisplayAsync(int id, bool keepInput, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (!keepInput)
        {
            Input = new TermForm { Name = Tag.Name, Slug = Tag.Slug };
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var tag = await db.Tags.AsNoTracking().Where(t => t.Id == id)
            .Select(t => new TagRow(t.Id, t.Name, t.Slug, t.Articles.Count(a => a.Status != Byline.Web.Features.Articles.ArticleStatus.Trashed)))
            .SingleOrDefaultAsync(cancellationToken);
        if (tag is null)
        {
            return false;
        }
        Tag = tag;
        return true;
    }
}

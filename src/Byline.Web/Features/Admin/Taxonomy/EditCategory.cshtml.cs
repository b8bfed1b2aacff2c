using Byline.Web.Features.Identity;
using Byline.Web.Features.Taxonomy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Taxonomy;

/// <summary>One category: rename, new slug, new parent, merge into another, delete, make default.</summary>
[Authorize(Policy = Policies.ManageContent)]
public sealed class EditCategoryModel(TaxonomyService taxonomy) : PageModel
{
    public CategoryRow Category { get; private set; } = null!;
    public IReadOnlyList<CategoryRow> All { get; private set; } = [];

    /// <summary>Where this category could go: anything but itself and what is inside it.</summary>
    public IReadOnlyList<CategoryRow> PossibleParents { get; private set; } = [];
    public IReadOnlyList<CategoryRow> PossibleTargets { get; private set; } = [];
    public CategoryRow? DefaultCategory { get; private set; }

    [BindProperty]
    public TermForm Input { get; set; } = new();

    [BindProperty]
    public int? MergeTargetId { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        Input = new TermForm { Name = Category.Name, Slug = Category.Slug, Description = Category.Description, ParentId = Category.ParentId };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await taxonomy.UpdateCategoryAsync(User, id, Input.ToInput(), cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = "Category saved.";
                return RedirectToPage(new { id });
            }
            result.AddTo(ModelState, nameof(Input));
        }
        return await RedisplayAsync(id, cancellationToken);
    }

    public Task<IActionResult> OnPostMergeAsync(int id, CancellationToken cancellationToken) =>
        ActAsync(id, () => taxonomy.MergeCategoryAsync(User, id, MergeTargetId, cancellationToken), "Categories merged.", cancellationToken);

    public Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken) =>
        ActAsync(id, () => taxonomy.DeleteCategoryAsync(User, id, cancellationToken), "Category deleted.", cancellationToken);

    public async Task<IActionResult> OnPostMakeDefaultAsync(int id, CancellationToken cancellationToken)
    {
        var result = await taxonomy.MakeDefaultCategoryAsync(User, id, cancellationToken);
        if (!result.Succeeded)
        {
            return NotFound();
        }
        TempData["Status"] = "This is now the default category.";
        return RedirectToPage(new { id });
    }

    /// <summary>Merge and delete leave this page for the list; a refusal stays here with its message.</summary>
    private async Task<IActionResult> ActAsync(int id, Func<Task<TaxonomyResult>> action, string done, CancellationToken cancellationToken)
    {
        // The edit form's fields are not part of these forms; their absence is not an error here.
        ModelState.Clear();
        var result = await action();
        if (result.Succeeded)
        {
            TempData["Status"] = done;
            return RedirectToPage("/Admin/Taxonomy/Index");
        }
        result.AddTo(ModelState, nameof(Input));
        return await RedisplayAsync(id, cancellationToken, keepInput: false);
    }

    private async Task<IActionResult> RedisplayAsync(int id, CancellationToken cancellationToken, bool keepInput = true)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }
        if (!keepInput)
        {
            Input = new TermForm { Name = Category.Name, Slug = Category.Slug, Description = Category.Description, ParentId = Category.ParentId };
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        All = await taxonomy.CategoryTreeAsync(cancellationToken);
        if (All.FirstOrDefault(c => c.Id == id) is not { } category)
        {
            return false;
        }
        Category = category;
        var inside = new HashSet<int> { id };
        // Tree order lists descendants right after their parent, so one pass finds them all.
        foreach (var row in All)
        {
            if (row.ParentId is int parent && inside.Contains(parent))
            {
                inside.Add(row.Id);
            }
        }
        PossibleParents = [.. All.Where(c => !inside.Contains(c.Id))];
        PossibleTargets = [.. All.Where(c => !inside.Contains(c.Id))];
        DefaultCategory = All.FirstOrDefault(c => c.IsDefault);
        return true;
    }
}

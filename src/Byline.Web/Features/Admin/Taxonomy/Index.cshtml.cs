using Byline.Web.Features.Identity;
using Byline.Web.Features.Taxonomy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Taxonomy;

/// <summary>The category tree with article counts, and the form for a new category.</summary>
[Authorize(Policy = Policies.ManageContent)]
public sealed class CategoriesModel(TaxonomyService taxonomy) : PageModel
{
    public IReadOnlyList<CategoryRow> Categories { get; private set; } = [];

    [BindProperty]
    public TermForm Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Categories = await taxonomy.CategoryTreeAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await taxonomy.CreateCategoryAsync(User, Input.ToInput(), cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = $"Category “{Input.Name!.Trim()}” created.";
                return RedirectToPage();
            }
            result.AddTo(ModelState, nameof(Input));
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        Categories = await taxonomy.CategoryTreeAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostMakeDefaultAsync(int id, CancellationToken cancellationToken)
    {
        var result = await taxonomy.MakeDefaultCategoryAsync(User, id, cancellationToken);
        if (!result.Succeeded)
        {
            return NotFound();
        }
        TempData["Status"] = "Default category changed.";
        return RedirectToPage();
    }
}

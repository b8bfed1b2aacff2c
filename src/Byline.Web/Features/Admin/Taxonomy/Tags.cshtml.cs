using Byline.Web.Features.Identity;
using Byline.Web.Features.Shared;
using Byline.Web.Features.Taxonomy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Taxonomy;

/// <summary>Tags with their article counts, searchable and paged, and the form for a new tag.</summary>
[Authorize(Policy = Policies.ManageContent)]
public sealed class TagsModel(TaxonomyService taxonomy) : PageModel
{
    public IReadOnlyList<TagRow> Tags { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int TotalPages { get; private set; } = 1;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty]
    public TermForm Input { get; set; } = new();

    public string PageUrl(int page)
    {
        var query = new List<string>();
        if (!string.IsNullOrWhiteSpace(Search))
        {
            query.Add("q=" + Uri.EscapeDataString(Search));
        }
        if (page > 1)
        {
            query.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"page={page}"));
        }
        return "/admin/taxonomy/tags" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] string? pageText, CancellationToken cancellationToken)
    {
        if (!PageNumbers.TryParse(pageText, out var page))
        {
            return BadRequest();
        }
        await LoadAsync(page, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ViewData["TermKind"] = "tag";
        if (ModelState.IsValid)
        {
            var result = await taxonomy.CreateTagAsync(User, Input.ToInput() with { Description = null }, cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = $"Tag “{Input.Name!.Trim()}” created.";
                return RedirectToPage();
            }
            result.AddTo(ModelState, nameof(Input));
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(1, cancellationToken);
        return Page();
    }

    private async Task LoadAsync(int page, CancellationToken cancellationToken)
    {
        (Tags, Total) = await taxonomy.TagsAsync(Search, page, cancellationToken);
        PageNumber = page;
        TotalPages = Math.Max(1, (Total + TaxonomyService.TagsPerPage - 1) / TaxonomyService.TagsPerPage);
    }
}

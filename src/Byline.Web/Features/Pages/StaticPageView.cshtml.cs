using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Pages;

/// <summary>A published static page at /{slug}. Every other route is more specific, so this one only gets what is left.</summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Infrastructure.Web.PublicPageCache.Policy)]
public sealed class StaticPageViewModel(PageDirectory pages) : PageModel
{
    public PublishedPage Current { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        if (await pages.FindAsync(slug, cancellationToken) is not { } page)
        {
            return NotFound();
        }
        Current = page;
        return Page();
    }
}

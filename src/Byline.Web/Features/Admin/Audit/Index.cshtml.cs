using Byline.Web.Features.Audit;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Audit;

/// <summary>The audit log, newest first, 50 a page, filtered by user and by kind of action.</summary>
[Authorize(Policy = Policies.ManageSite)]
public sealed class AuditModel(AuditQueries queries) : PageModel
{
    [FromQuery(Name = "user")]
    public string? UserFilter { get; set; }

    [FromQuery(Name = "action")]
    public string? ActionFilter { get; set; }

    public AuditPage Log { get; private set; } = new([], 1, 1, 0);
    public IReadOnlyList<string> ActionFamilies { get; private set; } = [];

    public string PageUrl(int page)
    {
        var query = new List<string>();
        if (!string.IsNullOrWhiteSpace(UserFilter))
        {
            query.Add("user=" + Uri.EscapeDataString(UserFilter));
        }
        if (!string.IsNullOrWhiteSpace(ActionFilter))
        {
            query.Add("action=" + Uri.EscapeDataString(ActionFilter));
        }
        if (page > 1)
        {
            query.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"page={page}"));
        }
        return "/admin/audit" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] string? pageText, CancellationToken cancellationToken)
    {
        if (!PageNumbers.TryParse(pageText, out var page))
        {
            return BadRequest();
        }
        Log = await queries.PageAsync(UserFilter, ActionFilter, page, cancellationToken);
        ActionFamilies = await queries.ActionFamiliesAsync(cancellationToken);
        return Page();
    }
}

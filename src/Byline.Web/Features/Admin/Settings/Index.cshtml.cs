using System.Globalization;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Site;
using Byline.Web.Features.Taxonomy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Settings;

/// <summary>The site settings form, for administrators.</summary>
[Authorize(Policy = Policies.ManageSite)]
public sealed class SettingsModel(SiteSettingsProvider settings, SiteSettingsEditor editor, CategoryDirectory categories) : PageModel
{
    [BindProperty]
    public SiteSettingsForm Input { get; set; } = new();

    public IReadOnlyList<string> TimeZones { get; private set; } = [];
    public IReadOnlyList<(string Name, string Label)> Cultures { get; private set; } = [];
    public IReadOnlyList<CategoryNode> Categories { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Input = SiteSettingsForm.From((await settings.GetAsync(cancellationToken)).Settings);
        await LoadChoicesAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        foreach (var (field, message) in await editor.ValidateAsync(Input, cancellationToken))
        {
            ModelState.AddModelError($"{nameof(Input)}.{field}", message);
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadChoicesAsync(cancellationToken);
            return Page();
        }
        var changes = await editor.SaveAsync(User, Input, cancellationToken);
        TempData["Status"] = changes.Count == 0 ? "Nothing changed." : "Settings saved.";
        return RedirectToPage();
    }

    private async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        TimeZones = SiteSettingsEditor.TimeZoneIds();
        var names = SiteSettingsEditor.CommonCultures.Where(SiteSettingsEditor.IsKnownCulture).ToList();
        // A culture saved before (or typed into the database) stays selectable.
        if (SiteSettingsEditor.IsKnownCulture(Input.Culture) && !names.Contains(Input.Culture, StringComparer.OrdinalIgnoreCase))
        {
            names.Add(Input.Culture);
        }
        Cultures = [.. names.Select(n => (n, $"{CultureInfo.GetCultureInfo(n).NativeName} ({n})")).OrderBy(c => c.Item2, StringComparer.Ordinal)];
        var tree = await categories.GetAsync(cancellationToken);
        Categories = [.. tree.All.OrderBy(c => string.Join(" / ", tree.PathTo(c.Id).Select(p => p.Name)), StringComparer.CurrentCulture)];
        ViewData["CategoryTree"] = tree;
    }
}

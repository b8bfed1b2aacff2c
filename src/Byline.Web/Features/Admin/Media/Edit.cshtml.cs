using Byline.Web.Features.Identity;
using Byline.Web.Features.Media;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Media;

[Authorize(Policy = Policies.UploadMedia)]
public sealed class MediaEditModel(MediaLibrary library) : PageModel
{
    [BindProperty]
    public MediaTextInput Input { get; set; } = new();

    public MediaImage Image { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }
        Input = new MediaTextInput { AltText = Image.AltText, Decorative = Image.IsDecorative, Caption = Image.Caption };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }
        Input.Validate(ModelState, nameof(Input));
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        return await library.UpdateAsync(User, id, Input.StoredAltText, Input.Caption, cancellationToken) switch
        {
            MediaChange.NotFound => NotFound(),
            MediaChange.Forbidden => Forbid(),
            _ => Saved(),
        };
    }

    private RedirectResult Saved()
    {
        TempData["Status"] = $"Saved “{Image.OriginalFileName}”.";
        return Redirect($"/admin/media#media-{Image.Id}");
    }

    /// <summary>Loads the item; a result when the request must stop here (no such item, or not the user's to change).</summary>
    private async Task<IActionResult?> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (await library.FindAsync(id, cancellationToken) is not { } image)
        {
            return NotFound();
        }
        Image = image;
        return MediaLibrary.CanChange(User, image) ? null : Forbid();
    }
}

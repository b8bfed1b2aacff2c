using Byline.Web.Features.Identity;
using Byline.Web.Features.Media;
using Byline.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Byline.Web.Features.Admin.Media;

[Authorize(Policy = Policies.UploadMedia)]
public sealed class MediaIndexModel(MediaLibrary library, IOptions<MediaOptions> options) : PageModel
{
    [BindProperty]
    public UploadInput Upload { get; set; } = new();

    public MediaPage Library { get; private set; } = new([], 1, 1, 0);
    public Pager Pager => new(Library.PageNumber, Library.TotalPages, "/admin/media");
    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] string? page, CancellationToken cancellationToken)
    {
        if (!PageNumbers.TryParse(page, out var number))
        {
            return BadRequest();
        }
        Library = await library.ListAsync(number, cancellationToken);
        return number > Library.TotalPages ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostUploadAsync(CancellationToken cancellationToken)
    {
        var file = Upload.File;
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("Upload.File", "Choose an image file (JPEG, PNG, GIF or WebP) to upload.");
        }
        else if (file.Length > MaxUploadBytes)
        {
            ModelState.AddModelError("Upload.File", $"The file is {MediaImage.FormatLength(file.Length)}; the limit is {MediaImage.FormatLength(MaxUploadBytes)}.");
            return await RedisplayAsync(StatusCodes.Status413PayloadTooLarge, cancellationToken);
        }
        Upload.Validate(ModelState, nameof(Upload));
        if (!ModelState.IsValid)
        {
            return await RedisplayAsync(StatusCodes.Status400BadRequest, cancellationToken);
        }

        try
        {
            using var buffer = new MemoryStream((int)file!.Length);
            await file.CopyToAsync(buffer, cancellationToken);
            var image = await library.UploadAsync(User, buffer, file.FileName, Upload.StoredAltText, Upload.Caption, cancellationToken);
            TempData["Status"] = $"Uploaded “{image.OriginalFileName}”.";
            return Redirect($"/admin/media#media-{image.Id}");
        }
        catch (ImageRejectedException e)
        {
            ModelState.AddModelError("Upload.File", e.Message);
            return await RedisplayAsync(StatusCodes.Status400BadRequest, cancellationToken);
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken)
    {
        var image = await library.FindAsync(id, cancellationToken);
        switch (await library.DeleteAsync(User, id, cancellationToken))
        {
            case MediaChange.NotFound:
                return NotFound();
            case MediaChange.Forbidden:
                return Forbid();
            default:
                TempData["Status"] = $"Deleted “{image?.OriginalFileName}”.";
                return Redirect("/admin/media");
        }
    }

    public bool CanChange(MediaImage image) => MediaLibrary.CanChange(User, image);

    private async Task<PageResult> RedisplayAsync(int status, CancellationToken cancellationToken)
    {
        Response.StatusCode = status;
        Library = await library.ListAsync(1, cancellationToken);
        return Page();
    }
}

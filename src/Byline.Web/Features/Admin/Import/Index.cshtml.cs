using Byline.Web.Features.Audit;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Import;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Import;

/// <summary>Upload a WordPress export (WXR) and import it; shows the summary. Administrators only.</summary>
[Authorize(Policy = Policies.ManageSite)]
[RequestSizeLimit(MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes)]
public sealed class ImportModel(WordPressImporter importer, AuditLog audit) : PageModel
{
    public const long MaxUploadBytes = 512L * 1024 * 1024;

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public bool DryRun { get; set; }

    public ImportSummary? Summary { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Choose a WordPress export file (.xml) to import.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        // The upload is copied to a temporary file and read back as a stream: memory does not grow with the file.
        var path = Path.Combine(Path.GetTempPath(), "byline-import-" + Guid.NewGuid().ToString("N") + ".xml");
        try
        {
            await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                await Upload.CopyToAsync(target, cancellationToken);
            }
            await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
            Summary = await importer.ImportAsync(source, new ImportOptions(DryRun), null, cancellationToken);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
        if (!DryRun)
        {
            var counts = string.Join(", ", Summary.Imported.Select(c => $"{c.Value} {c.Key}"));
            await audit.RecordAsync(User, "import.wordpress", Summary.Source ?? "WordPress export",
                $"{Summary.ItemsProcessed} items; imported: {(counts.Length == 0 ? "nothing" : counts)}; warnings: {Summary.Warnings.Count}"
                + (Summary.Error is null ? "" : "; stopped: the file is not well-formed"), cancellationToken);
        }
        if (!Summary.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }
}

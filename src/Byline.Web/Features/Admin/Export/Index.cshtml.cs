using System.Globalization;
using Byline.Web.Features.Audit;
using Byline.Web.Features.Export;
using Byline.Web.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;

namespace Byline.Web.Features.Admin.Export;

/// <summary>Download the whole site as a WordPress export (WXR) or as JSON, streamed. Administrators only; every download is audited.</summary>
[Authorize(Policy = Policies.ManageSite)]
public sealed class ExportModel(WordPressExporter wordpress, JsonExporter json, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public bool IncludeRevisions { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostWordpressAsync(CancellationToken cancellationToken)
    {
        await audit.RecordAsync(User, "export.wordpress", "WordPress export (WXR)", null, cancellationToken);
        StartDownload("application/rss+xml; charset=utf-8", FileName("xml"));
        await wordpress.WriteAsync(Response.Body, $"{Request.Scheme}://{Request.Host}{Request.PathBase}", cancellationToken);
        return new EmptyResult();
    }

    public async Task<IActionResult> OnPostJsonAsync(CancellationToken cancellationToken)
    {
        await audit.RecordAsync(User, "export.json", "JSON export", IncludeRevisions ? "with revisions" : null, cancellationToken);
        StartDownload("application/json; charset=utf-8", FileName("json"));
        await json.WriteAsync(Response.Body, IncludeRevisions, cancellationToken);
        return new EmptyResult();
    }

    private string FileName(string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"byline-{Request.Host.Host}-{clock.GetUtcNow():yyyy-MM-dd}.{extension}");

    private void StartDownload(string contentType, string fileName)
    {
        Response.ContentType = contentType;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        Response.Headers.ContentDisposition = disposition.ToString();
        Response.Headers.CacheControl = "no-store";
    }
}

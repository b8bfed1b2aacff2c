using System.Text.Json;
using Byline.Web.Features.Audit;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Comments.Privacy;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Comments;

/// <summary>
/// One commenter's history by e-mail, with WordPress's personal-data tools: export everything
/// stored about them as JSON, or erase it (their comments stay, anonymised).
/// </summary>
[Authorize(Policy = Policies.ManageContent)]
public sealed class CommenterModel(CommentModerationQueries queries, CommenterData commenterData, AuditLog audit, TimeProvider clock) : PageModel
{
    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    /// <summary>The erase form's "I understand" box.</summary>
    [BindProperty]
    public bool ConfirmErase { get; set; }

    public ModerationPage History { get; private set; } = new([], 0, 1, 1, new Dictionary<CommentStatus, int>());

    /// <summary>The name on their latest comment, for headings and the audit log.</summary>
    public string? DisplayName { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // Read from the query itself: model binding would find Razor Pages' own "page" route value first.
        if (!PageNumbers.TryParse(Request.Query["page"], out var page))
        {
            return BadRequest();
        }
        Email = Email?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(Email))
        {
            return Page();
        }
        if (Email.Length > CommentLimits.EmailMaxLength)
        {
            return BadRequest();
        }
        await LoadAsync(page, cancellationToken);
        return Page();
    }

    /// <summary>Everything stored for this e-mail address, as a JSON download.</summary>
    public async Task<IActionResult> OnPostExportAsync(CancellationToken cancellationToken)
    {
        if (Key() is not { } email)
        {
            return BadRequest();
        }
        var comments = await commenterData.ExportAsync(email, cancellationToken);
        if (comments.Count == 0)
        {
            return NotFound();
        }
        await audit.RecordAsync(User, "commenter.export", Subject(comments[^1].AuthorName, comments.Count), cancellationToken: cancellationToken);
        var export = new { email, exportedAt = clock.GetUtcNow().UtcDateTime, comments };
        var day = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return File(JsonSerializer.SerializeToUtf8Bytes(export, ExportJson), "application/json", $"commenter-data-{day}.json");
    }

    /// <summary>Anonymises every comment with this address once the moderator ticks the confirmation.</summary>
    public async Task<IActionResult> OnPostEraseAsync(CancellationToken cancellationToken)
    {
        if (Key() is not { } email)
        {
            return BadRequest();
        }
        await LoadAsync(1, cancellationToken);
        if (History.Total == 0 && History.Counts.Count == 0)
        {
            return NotFound();
        }
        if (!ConfirmErase)
        {
            ModelState.AddModelError(nameof(ConfirmErase), "Tick the box to confirm: erasing cannot be undone.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var count = await commenterData.EraseAsync(email, cancellationToken);
        await audit.RecordAsync(User, "commenter.erase", Subject(DisplayName ?? "a commenter", count), cancellationToken: cancellationToken);
        TempData["Status"] = $"Personal data erased from {count} {(count == 1 ? "comment" : "comments")}. The comments stay, signed “Anonymous”.";
        return Redirect("/admin/comments?status=all");
    }

    public string PageUrl(int page) =>
        $"/admin/comments/commenter?email={Uri.EscapeDataString(Email ?? "")}" + (page > 1 ? $"&page={page}" : "");

    private string? Key()
    {
        Email = Email?.Trim().ToLowerInvariant();
        return string.IsNullOrEmpty(Email) || Email.Length > CommentLimits.EmailMaxLength ? null : Email;
    }

    private async Task LoadAsync(int page, CancellationToken cancellationToken)
    {
        History = await queries.QueueAsync(new CommentQueueFilter(null, Email: Email), page, IndexModel.PageSize, cancellationToken);
        DisplayName = History.Rows.Count > 0 ? History.Rows[0].AuthorName : null;
    }

    // The audit log names the commenter, never their address.
    private static string Subject(string name, int count) => $"personal data of {name} ({count} {(count == 1 ? "comment" : "comments")})";
}

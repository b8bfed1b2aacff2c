using Byline.Web.Features.Audit;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Comments;

/// <summary>A moderator corrects a comment's name, website or text; it is rendered again and marked edited.</summary>
[Authorize(Policy = Policies.ManageContent)]
[RequestSizeLimit(CommentLimits.RequestMaxBytes)]
public sealed class EditModel(CommentModerationQueries queries, CommentService comments, AuditLog audit) : PageModel
{
    [BindProperty]
    public CommentEdit Input { get; set; } = new();

    /// <summary>The queue view to go back to; only local /admin/comments addresses are followed.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public ModerationRow Comment { get; private set; } = null!;

    public string BackUrl => ReturnUrl is { } url && Url.IsLocalUrl(url) && url.StartsWith("/admin/comments", StringComparison.Ordinal)
        ? url : "/admin/comments?status=" + Comment.Status.ToString().ToLowerInvariant();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (await queries.CommentAsync(id, cancellationToken) is not { } comment)
        {
            return NotFound();
        }
        Comment = comment;
        Input = new CommentEdit { Name = comment.AuthorName, Website = comment.AuthorUrl, Body = comment.Body };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (await queries.CommentAsync(id, cancellationToken) is not { } comment)
        {
            return NotFound();
        }
        Comment = comment;
        var errors = Input.Validate();
        if (errors.Count > 0)
        {
            foreach (var (field, message) in errors)
            {
                ModelState.AddModelError($"{nameof(Input)}.{field}", message);
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await comments.EditAsync(id, Input, cancellationToken);
        await audit.RecordAsync(User, "comment.edit",
            new CommentSubject(id, Input.Name!.Trim(), comment.ArticleTitle).ToString(), cancellationToken: cancellationToken);
        TempData["Status"] = $"Comment by {Input.Name.Trim()} saved.";
        return Redirect(BackUrl);
    }
}

using System.Globalization;
using Byline.Web.Features.Audit;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Admin.Comments;

/// <summary>
/// The moderation queue: comments by status, search and article, with WordPress's row and bulk
/// actions and an inline staff reply. Every action posts, then redirects back to the same view.
/// </summary>
[Authorize(Policy = Policies.ManageContent)]
[RequestSizeLimit(CommentLimits.RequestMaxBytes)]
public sealed class IndexModel(CommentModerationQueries queries, CommentService comments, AuditLog audit) : PageModel
{
    public const int PageSize = 50;

    /// <summary>The status links, in WordPress's order; "all" is pending and approved.</summary>
    public static readonly IReadOnlyList<(string Key, string Label, CommentStatus? Status)> StatusFilters =
    [
        ("pending", "Pending", CommentStatus.Pending),
        ("approved", "Approved", CommentStatus.Approved),
        ("spam", "Spam", CommentStatus.Spam),
        ("trash", "Trash", CommentStatus.Trash),
        ("all", "All", null),
    ];

    /// <summary>What the bulk select offers.</summary>
    public static readonly IReadOnlyList<ModerationAction> BulkActions =
        [ModerationAction.Approve, ModerationAction.Spam, ModerationAction.NotSpam, ModerationAction.Trash, ModerationAction.Delete];

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? StatusText { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "article")]
    public string? ArticleText { get; set; }

    /// <summary>The staff reply being written, kept when it comes back with an error.</summary>
    [BindProperty]
    public string? ReplyBody { get; set; }

    private int _page = 1;

    public string StatusKey { get; private set; } = "pending";
    public int? ArticleId { get; private set; }
    public string? ArticleTitle { get; private set; }
    public ModerationPage Queue { get; private set; } = new([], 0, 1, 1, new Dictionary<CommentStatus, int>());

    /// <summary>The comment whose reply form failed validation, shown open with its message.</summary>
    public int? ReplyErrorFor { get; private set; }
    public string? ReplyError { get; private set; }

    /// <summary>The current view's query (status, search, article, page), for links and form actions that come back to it.</summary>
    public Dictionary<string, string> Filter { get; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (ReadFilter() is { } bad)
        {
            return bad;
        }
        return await LoadAsync(cancellationToken) ?? Page();
    }

    /// <summary>One row's button: <c>act</c> names the action, <c>id</c> the comment.</summary>
    public async Task<IActionResult> OnPostModerateAsync(int id, string? act, CancellationToken cancellationToken)
    {
        if (ReadFilter() is { } bad)
        {
            return bad;
        }
        if (ModerationActions.Parse(act) is not { } action)
        {
            return BadRequest();
        }
        var current = await queries.CommentAsync(id, cancellationToken);
        if (current is null)
        {
            return NotFound();
        }
        var outcome = await comments.ModerateAsync([id], action, cancellationToken);
        await AuditAsync(action, outcome, cancellationToken);
        TempData["Status"] = outcome.Done.Count == 1
            ? $"Comment by {current.AuthorName} {action.PastTense()}."
            : Skipped(action, current.Status);
        return Redirect(QueueUrl());
    }

    /// <summary>The bulk form: the ticked comments (<c>ids</c>) and the chosen action (<c>bulk</c>).</summary>
    public async Task<IActionResult> OnPostBulkAsync(int[]? ids, string? bulk, CancellationToken cancellationToken)
    {
        if (ReadFilter() is { } bad)
        {
            return bad;
        }
        if (string.IsNullOrEmpty(bulk))
        {
            TempData["Status"] = "Choose a bulk action, then Apply.";
            return Redirect(QueueUrl());
        }
        if (ModerationActions.Parse(bulk) is not { } action || !BulkActions.Contains(action))
        {
            return BadRequest();
        }
        if (ids is not { Length: > 0 })
        {
            TempData["Status"] = "Select at least one comment.";
            return Redirect(QueueUrl());
        }
        var outcome = await comments.ModerateAsync(ids, action, cancellationToken);
        await AuditAsync(action, outcome, cancellationToken);
        var message = $"{Plural(outcome.Done.Count)} {action.PastTense()}.";
        if (outcome.Skipped > 0)
        {
            message += $" {Plural(outcome.Skipped)} skipped: {SkipReason(action)}.";
        }
        TempData["Status"] = message;
        return Redirect(QueueUrl());
    }

    /// <summary>A staff reply from the row: approved at once; answering a pending comment approves it.</summary>
    public async Task<IActionResult> OnPostReplyAsync(int id, CancellationToken cancellationToken)
    {
        if (ReadFilter() is { } bad)
        {
            return bad;
        }
        var parent = await queries.CommentAsync(id, cancellationToken);
        if (parent is null)
        {
            return NotFound();
        }
        var error = CommentEdit.BodyError(ReplyBody)
                    ?? (parent.Status is CommentStatus.Spam or CommentStatus.Trash ? "Spam and trashed comments cannot be answered; approve it first." : null);
        if (error is not null)
        {
            ReplyErrorFor = id;
            ReplyError = error;
            ModelState.AddModelError(nameof(ReplyBody), error);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await LoadAsync(cancellationToken) ?? Page();
        }
        if (User.UserId() is not int userId || await queries.StaffAsync(userId, cancellationToken) is not { } staff)
        {
            return Forbid();
        }
        var reply = await comments.ReplyAsStaffAsync(id, staff, ReplyBody!, cancellationToken);
        if (reply is null)
        {
            return NotFound();
        }
        if (parent.Status == CommentStatus.Pending)
        {
            await audit.RecordAsync(User, ModerationAction.Approve.AuditAction(),
                new CommentSubject(parent.Id, parent.AuthorName, parent.ArticleTitle).ToString(), "approved by replying", cancellationToken);
        }
        await audit.RecordAsync(User, "comment.reply",
            new CommentSubject(reply.Id, staff.DisplayName, parent.ArticleTitle).ToString(), $"in reply to comment {parent.Id}", cancellationToken);
        TempData["Status"] = parent.Status == CommentStatus.Pending
            ? $"Reply to {parent.AuthorName} published, and their comment approved."
            : $"Reply to {parent.AuthorName} published.";
        return Redirect(QueueUrl());
    }

    /// <summary>A link to this queue with some of the current filters changed; null drops a parameter.</summary>
    public string UrlFor(string? status, string? search, int? articleId, int page = 1)
    {
        var parts = new List<string>();
        if (status is not null && status != "pending")
        {
            parts.Add("status=" + status);
        }
        if (!string.IsNullOrWhiteSpace(search))
        {
            parts.Add("q=" + Uri.EscapeDataString(search.Trim()));
        }
        if (articleId is int article)
        {
            parts.Add("article=" + article.ToString(CultureInfo.InvariantCulture));
        }
        if (page > 1)
        {
            parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        }
        return parts.Count == 0 ? "/admin/comments" : "/admin/comments?" + string.Join('&', parts);
    }

    /// <summary>Where an action comes back to: the same status, search, article and page.</summary>
    public string QueueUrl() => UrlFor(StatusKey, Search, ArticleId, _page);

    /// <summary>Reads status, article and page; a 400 for values no link of ours produces.</summary>
    private BadRequestResult? ReadFilter()
    {
        StatusKey = string.IsNullOrEmpty(StatusText) ? "pending" : StatusText.Trim().ToLowerInvariant();
        if (!StatusFilters.Any(f => f.Key == StatusKey))
        {
            return BadRequest();
        }
        if (!string.IsNullOrEmpty(ArticleText))
        {
            if (!int.TryParse(ArticleText, NumberStyles.None, CultureInfo.InvariantCulture, out var article) || article < 1)
            {
                return BadRequest();
            }
            ArticleId = article;
        }
        // Read from the query itself: model binding would find Razor Pages' own "page" route value first.
        if (!PageNumbers.TryParse(Request.Query["page"], out var page))
        {
            return BadRequest();
        }
        Search = CommentModerationQueries.Normalize(Search) is null ? null : Search!.Trim();
        if (Search?.Length > CommentModerationQueries.MaxSearchLength)
        {
            Search = Search[..CommentModerationQueries.MaxSearchLength];
        }
        _page = page;
        if (StatusKey != "pending")
        {
            Filter["status"] = StatusKey;
        }
        if (Search is not null)
        {
            Filter["q"] = Search;
        }
        if (ArticleId is int id)
        {
            Filter["article"] = id.ToString(CultureInfo.InvariantCulture);
        }
        if (page > 1)
        {
            Filter["page"] = page.ToString(CultureInfo.InvariantCulture);
        }
        return null;
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        if (ArticleId is int articleId)
        {
            ArticleTitle = await queries.ArticleTitleAsync(articleId, cancellationToken);
            if (ArticleTitle is null)
            {
                return NotFound();
            }
        }
        var status = StatusFilters.First(f => f.Key == StatusKey).Status;
        Queue = await queries.QueueAsync(new CommentQueueFilter(status, Search, ArticleId), _page, PageSize, cancellationToken);
        return null;
    }

    private async Task AuditAsync(ModerationAction action, ModerationOutcome outcome, CancellationToken cancellationToken)
    {
        foreach (var subject in outcome.Done)
        {
            await audit.RecordAsync(User, action.AuditAction(), subject.ToString(), cancellationToken: cancellationToken);
        }
    }

    private static string Plural(int count) => count == 1 ? "1 comment" : $"{count:N0} comments";

    private static string Skipped(ModerationAction action, CommentStatus status) => action switch
    {
        ModerationAction.Delete or ModerationAction.NotSpam or ModerationAction.Restore or ModerationAction.Unapprove =>
            $"Nothing done: {SkipReason(action)}.",
        _ => $"Nothing done: the comment is already {(status == CommentStatus.Trash ? "in the trash" : status.ToString().ToLowerInvariant())}.",
    };

    private static string SkipReason(ModerationAction action) => action switch
    {
        ModerationAction.Delete => "only spam or trashed comments can be deleted permanently",
        ModerationAction.NotSpam => "only spam can be marked as not spam",
        ModerationAction.Restore => "only trashed comments can be restored",
        ModerationAction.Unapprove => "only approved comments can be unapproved",
        _ => $"they were already {action.PastTense()} or no longer exist",
    };
}

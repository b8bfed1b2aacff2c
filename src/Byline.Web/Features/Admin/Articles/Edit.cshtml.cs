using System.Globalization;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Related;
using Byline.Web.Features.Site;
using Byline.Web.Features.Taxonomy;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Admin.Articles;

/// <summary>The article editor: new at /admin/articles/new, existing at /admin/articles/{id}.</summary>
[RequestSizeLimit(EditLimits.RequestMaxBytes)]
[RequestFormLimits(ValueLengthLimit = EditLimits.RequestMaxBytes)]
public sealed class EditModel(
    BylineDbContext db, ArticleEditor editor, MarkdownRenderer markdown, CategoryDirectory categoryDirectory,
    SiteSettingsProvider settings, Byline.Web.Features.Media.MediaLibrary media, RelatedChoices relatedChoices, Permalinks permalinks) : PageModel
{
    [BindProperty]
    public EditorForm Form { get; set; } = new();

    public int? ArticleId { get; private set; }
    public ArticleStatus Status { get; private set; } = ArticleStatus.Draft;
    public string? PublicUrl { get; private set; }
    public DateTime? PublishedAt { get; private set; }
    public string? PreviewHtml { get; private set; }
    public string? ConflictMessage { get; private set; }
    public int RevisionCount { get; private set; }
    public IReadOnlyList<(int Id, string Name, int Depth)> Categories { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Authors { get; private set; } = [];

    /// <summary>The newest library images, to insert into the text or use as the featured image.</summary>
    public IReadOnlyList<Byline.Web.Features.Media.MediaImage> RecentImages { get; private set; } = [];
    /// <summary>The "Related articles" section: null for new or trashed articles and for users who may not choose.</summary>
    public RelatedChoicesView? Related { get; private set; }

    public bool CanPublish => User.CanPublish();
    public bool CanChooseAuthor => User.CanManageContent();

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken cancellationToken)
    {
        if (id is int articleId)
        {
            var article = await db.Articles.AsNoTracking().Include(a => a.Tags).SingleOrDefaultAsync(a => a.Id == articleId, cancellationToken);
            if (article is null)
            {
                return NotFound();
            }
            if (!ArticleEditor.CanEdit(User, article.AuthorId, await db.AuthorIdAsync(User, cancellationToken), article.Status))
            {
                return Forbid();
            }
            Form = new EditorForm
            {
                Title = article.Title,
                Slug = article.Slug,
                Excerpt = article.Excerpt,
                Body = article.BodyMarkdown,
                CategoryId = article.CategoryId,
                Tags = string.Join(", ", article.Tags.OrderBy(t => t.Name).Select(t => t.Name)),
                FeaturedImageUrl = article.FeaturedImageUrl,
                FeaturedImageAlt = article.FeaturedImageAlt,
                IsSticky = article.IsSticky,
                CommentsOpen = article.CommentsOpen,
                AuthorId = article.AuthorId,
                Version = article.Version,
                PublishAt = article.Status == ArticleStatus.Scheduled && article.PublishedAt is DateTime at ? await ToLocalInputAsync(at) : null,
            };
        }
        else
        {
            var site = await settings.GetAsync(cancellationToken);
            var tree = await categoryDirectory.GetAsync(cancellationToken);
            Form.CategoryId = site.Settings.DefaultCategoryId ?? (tree.TopLevel.Count > 0 ? tree.TopLevel[0].Id : 0);
        }
        await LoadAsync(id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, string? command, CancellationToken cancellationToken)
    {
        if (command == "preview")
        {
            // Works without JavaScript: the same form comes back with the rendered text beside it; nothing is saved.
            PreviewHtml = markdown.ToHtml(Form.Body ?? "");
            await LoadAsync(id, cancellationToken);
            ModelState.Clear();
            return Page();
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(id, cancellationToken);
            ModelState.AddModelError(string.Empty, "Some fields could not be read; check the numbers and dates.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        EditorAction? action = command switch
        {
            "draft" => EditorAction.SaveDraft,
            "submit" => EditorAction.SubmitForReview,
            "publish" => EditorAction.Publish,
            "schedule" => EditorAction.Schedule,
            "update" => EditorAction.Update,
            _ => null,
        };
        if (action is null)
        {
            return BadRequest();
        }
        DateTime? scheduleAt = null;
        if (action == EditorAction.Schedule && !string.IsNullOrWhiteSpace(Form.PublishAt))
        {
            scheduleAt = await ParseLocalAsync(Form.PublishAt);
            if (scheduleAt is null)
            {
                ModelState.AddModelError("Form.PublishAt", "That is not a date and time.");
                await LoadAsync(id, cancellationToken);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }
        }

        var result = await editor.SaveAsync(User, id, id is null ? null : Form.Version, Form.ToInput(), action.Value, scheduleAt, cancellationToken: cancellationToken);
        switch (result.Outcome)
        {
            case EditorOutcome.Saved:
                TempData["Status"] = action switch
                {
                    EditorAction.Publish => "Published.",
                    EditorAction.Schedule => $"Scheduled for {Form.PublishAt?.Replace('T', ' ')}.",
                    EditorAction.SubmitForReview => "Submitted for review. An editor will look at it.",
                    EditorAction.SaveDraft => "Draft saved.",
                    _ => "Saved.",
                };
                return Redirect($"/admin/articles/{result.ArticleId}");
            case EditorOutcome.NotFound:
                return NotFound();
            case EditorOutcome.Forbidden:
                return Forbid();
            case EditorOutcome.Conflict:
                ConflictMessage = result.Message;
                await LoadAsync(id, cancellationToken);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                foreach (var (field, message) in result.Errors ?? new Dictionary<string, string>())
                {
                    ModelState.AddModelError(field == "BodyMarkdown" ? "Form.Body" : $"Form.{field}", message);
                }
                if (result.Message is { } general)
                {
                    ModelState.AddModelError(string.Empty, general);
                }
                await LoadAsync(id, cancellationToken);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
        }
    }

    public async Task<IActionResult> OnPostTrashAsync(int id, CancellationToken cancellationToken) =>
        await Outcome(await editor.TrashAsync(User, id, cancellationToken), "Moved to the trash.", "/admin/articles");

    public async Task<IActionResult> OnPostRestoreAsync(int id, CancellationToken cancellationToken) =>
        await Outcome(await editor.RestoreAsync(User, id, cancellationToken), "Restored from the trash.", $"/admin/articles/{id}");

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken) =>
        await Outcome(await editor.DeleteAsync(User, id, cancellationToken), "Deleted permanently.", "/admin/articles?status=trashed");

    public async Task<IActionResult> OnPostPinRelatedAsync(int id, int? otherId, CancellationToken cancellationToken) =>
        await RelatedOutcomeAsync(id, otherId is int other ? await relatedChoices.PinAsync(User, id, other, cancellationToken) : RelatedChoiceOutcome.Invalid,
            "Pinned to the related articles.", cancellationToken);

    public async Task<IActionResult> OnPostExcludeRelatedAsync(int id, int? otherId, CancellationToken cancellationToken) =>
        await RelatedOutcomeAsync(id, otherId is int other ? await relatedChoices.ExcludeAsync(User, id, other, cancellationToken) : RelatedChoiceOutcome.Invalid,
            "Excluded from the related articles.", cancellationToken);

    public async Task<IActionResult> OnPostResetRelatedAsync(int id, int? otherId, CancellationToken cancellationToken) =>
        await RelatedOutcomeAsync(id, otherId is int other ? await relatedChoices.ResetAsync(User, id, other, cancellationToken) : RelatedChoiceOutcome.Invalid,
            "Left to the ranker.", cancellationToken);

    private async Task<IActionResult> RelatedOutcomeAsync(int id, RelatedChoiceOutcome outcome, string success, CancellationToken cancellationToken)
    {
        switch (outcome)
        {
            case RelatedChoiceOutcome.Saved:
                TempData["Status"] = success;
                return Redirect($"/admin/articles/{id}#related-articles");
            case RelatedChoiceOutcome.NotFound:
                return NotFound();
            case RelatedChoiceOutcome.Forbidden:
                return Forbid();
            default:
                // The editor as it was, with the reason; nothing was changed.
                var page = await OnGetAsync(id, cancellationToken);
                ModelState.AddModelError("otherId", "Choose a published article other than this one.");
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return page;
        }
    }

    private async Task<IActionResult> Outcome(EditorResult result, string success, string next)
    {
        switch (result.Outcome)
        {
            case EditorOutcome.Saved:
                TempData["Status"] = success;
                return Redirect(next);
            case EditorOutcome.NotFound:
                return NotFound();
            case EditorOutcome.Forbidden:
                return Forbid();
            default:
                TempData["Status"] = result.Message;
                await Task.CompletedTask;
                return Redirect($"/admin/articles/{result.ArticleId}");
        }
    }

    private async Task LoadAsync(int? id, CancellationToken cancellationToken)
    {
        ArticleId = id;
        if (id is int articleId)
        {
            var state = await db.Articles.AsNoTracking().Where(a => a.Id == articleId)
                .Select(a => new { a.Status, a.PublishedAt, a.Slug, a.CategoryId }).SingleOrDefaultAsync(cancellationToken);
            if (state is not null)
            {
                Status = state.Status;
                PublishedAt = state.PublishedAt;
                PublicUrl = state.PublishedAt is DateTime at ? (await permalinks.GetAsync(cancellationToken)).Url(at, state.Slug, state.CategoryId) : null;
            }
            RevisionCount = await db.ArticleRevisions.CountAsync(r => r.ArticleId == articleId, cancellationToken);
            var author = await db.Articles.AsNoTracking().Where(a => a.Id == articleId).Select(a => (int?)a.AuthorId).SingleOrDefaultAsync(cancellationToken);
            if (state is { Status: not ArticleStatus.Trashed } && author is int authorId && await relatedChoices.MayChooseAsync(User, authorId, cancellationToken))
            {
                Related = await relatedChoices.LoadAsync(articleId, cancellationToken);
            }
        }
        var tree = await categoryDirectory.GetAsync(cancellationToken);
        var list = new List<(int, string, int)>();
        void Walk(IEnumerable<CategoryNode> nodes, int depth)
        {
            foreach (var node in nodes)
            {
                list.Add((node.Id, node.Name, depth));
                Walk(tree.ChildrenOf(node.Id), depth + 1);
            }
        }
        Walk(tree.TopLevel, 0);
        Categories = list;
        RecentImages = (await media.ListAsync(1, cancellationToken)).Items.Take(8).ToList();
        if (CanChooseAuthor)
        {
            Authors = (await db.Authors.AsNoTracking().OrderBy(a => a.DisplayName).Select(a => new { a.Id, a.DisplayName }).ToListAsync(cancellationToken))
                .Select(a => (a.Id, a.DisplayName)).ToList();
        }
    }

    private async Task<string> ToLocalInputAsync(DateTime utc) =>
        (await settings.GetAsync()).ToLocal(utc).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The site's wall-clock time typed in the form, as UTC; null when it is no date.</summary>
    private async Task<DateTime?> ParseLocalAsync(string value)
    {
        if (!DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }
        var site = await settings.GetAsync();
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A time skipped by a daylight-saving jump is taken as the moment after the jump.
        while (site.TimeZone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(30);
        }
        return TimeZoneInfo.ConvertTimeToUtc(unspecified, site.TimeZone);
    }
}

public static class EditLimits
{
    /// <summary>The longest article (500,000 characters, up to 4 bytes each in UTF-8 and more when form-encoded) plus the other fields.</summary>
    public const int RequestMaxBytes = 6_000_000;
}

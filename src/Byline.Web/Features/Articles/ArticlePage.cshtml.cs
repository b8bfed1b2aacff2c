using Byline.Web.Features.Comments;
using Byline.Web.Features.Popular;
using Byline.Web.Features.Related;
using Byline.Web.Features.Shared;
using Byline.Web.Features.Site;
using Byline.Web.Features.Taxonomy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Articles;

/// <summary>The article page: the article, related articles, the comment thread and the comment form.</summary>
[CountsArticleViews]
[Infrastructure.Web.FillsPerVisitorFields]
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = Infrastructure.Web.PerVisitorFields.ArticlePagePolicy)]
[RequestSizeLimit(CommentLimits.RequestMaxBytes)]
[RequestFormLimits(ValueLengthLimit = (int)CommentLimits.RequestMaxBytes)]
public sealed class ArticlePageModel(
    ArticleQueries articles, RelatedQueries related, CommentQueries comments, CommentService commentService,
    CommenterCookies commenterCookies, CommentFormStamp formStamp, CommentRateLimiter rateLimiter,
    CategoryDirectory categories, SiteSettingsProvider settings, TimeProvider clock, Media.MediaLibrary media) : PageModel
{
    /// <summary>The featured image's library item, for a responsive picture; null for external images.</summary>
    public Media.MediaImage? FeaturedImage { get; private set; }

    public ArticleDetail Article { get; private set; } = null!;
    public CategoryNode? Category { get; private set; }
    public IReadOnlyList<Crumb> Breadcrumbs { get; private set; } = [];
    public IReadOnlyList<RelatedCard> Related { get; private set; } = [];
    public CommentThread Comments { get; private set; } = new([], 0);

    /// <summary>The page of threads shown (<c>?cpage=</c>); the first is part of the article's HTML.</summary>
    public CommentPage CommentsPage { get; private set; } = new([], 1, 1);

    /// <summary>Open on the article, on the site, and not past the site's "close after N days".</summary>
    public bool CommentsOpen { get; private set; }

    /// <summary>A fresh signed stamp for the form being rendered.</summary>
    public string FormStamp { get; private set; } = "";

    /// <summary>The comment being answered, when the visitor followed a reply link (works without JavaScript).</summary>
    public CommentView? ReplyingTo { get; private set; }

    [BindProperty]
    public CommentForm Comment { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(
        string slug, string? category, int? replytocom, [FromQuery(Name = "cpage")] string? commentPage, CancellationToken cancellationToken)
    {
        if (!PageNumbers.TryParse(commentPage, out var commentPageNumber))
        {
            return BadRequest();
        }
        if (await LoadAsync(slug, category, cancellationToken, commentPageNumber) is { } missing)
        {
            return missing;
        }
        if (Request.Path.Value != Article.Url)
        {
            // Another permalink form (the structure changed), wrong year/month/day, or other casing: one canonical address per article.
            return RedirectPermanent(Article.Url + Request.QueryString);
        }

        if (commenterCookies.ReadDetails(Request) is { } saved)
        {
            Comment = new CommentForm { Name = saved.Name, Email = saved.Email, Website = saved.Website, SaveDetails = true };
        }
        if (replytocom is int parentId)
        {
            ReplyingTo = Flatten(Comments.Roots).FirstOrDefault(c => c.Id == parentId && !c.IsPending);
            Comment.ParentId = ReplyingTo?.Id;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string slug, string? category, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, category, cancellationToken) is { } missing)
        {
            return missing;
        }
        if (!CommentsOpen)
        {
            ModelState.AddModelError(string.Empty, "Comments are closed on this article.");
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        // Model binding errors (a non-numeric parent id, say) are replaced by our own, clearer messages.
        ModelState.Clear();
        foreach (var (field, message) in Comment.Validate())
        {
            ModelState.AddModelError($"{nameof(Comment)}.{field}", message);
        }
        if (!ModelState.IsValid)
        {
            return Redisplay(StatusCodes.Status400BadRequest);
        }

        var ip = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (rateLimiter.TryAcquire(ip, Comment.Email!) is TimeSpan wait)
        {
            var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
            ModelState.AddModelError(string.Empty,
                $"You have posted several comments in a short time. Please wait {minutes} minute{(minutes == 1 ? "" : "s")} and post again; your comment is kept below.");
            Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Redisplay(StatusCodes.Status429TooManyRequests);
        }

        var origin = new CommentOrigin(ip, Request.Headers.UserAgent.ToString())
        {
            Referrer = Request.Headers.Referer.ToString(),
            Permalink = $"{Request.Scheme}://{Request.Host}{Article.Url}",
            FormShownAt = await formStamp.ReadAsync(Comment.Stamp, Article.Id, cancellationToken),
            HoneypotValue = Comment.Phone,
        };
        var submitted = await commentService.SubmitAsync(Article.Id, Comment, origin, cancellationToken);

        if (Comment.SaveDetails)
        {
            commenterCookies.SaveDetails(HttpContext,
                new CommenterDetails(Comment.Name!.Trim(), Comment.Email!.Trim(), CommentForm.NormalizeWebsite(Comment.Website)));
        }
        else
        {
            CommenterCookies.ForgetDetails(HttpContext);
        }
        if (submitted is null)
        {
            return LocalRedirect(Article.Url + "#comments");
        }
        if (submitted.Status != CommentStatus.Approved)
        {
            // Held and spam look the same to the commenter: a person wrongly caught is not insulted,
            // and a bot learns nothing.
            commenterCookies.AddPending(HttpContext, submitted.CommentId);
        }
        return LocalRedirect($"{Article.Url}{await CommentPageQueryAsync(Comment.ParentId, cancellationToken)}#comment-{submitted.CommentId}");
    }

    /// <summary>Where a new comment will show: its thread's page, or the page new threads land on.</summary>
    private async Task<string> CommentPageQueryAsync(int? parentId, CancellationToken cancellationToken)
    {
        var site = (await settings.GetAsync(cancellationToken)).Settings;
        var perPage = Math.Max(1, site.CommentsPerPage);
        var roots = Comments.Roots;
        int index;
        if (parentId is int parent && roots.Select((node, i) => (node, i)).FirstOrDefault(x => Flatten([x.node]).Any(c => c.Id == parent)) is { node: not null } hit)
        {
            index = site.CommentOrder == CommentOrder.NewestFirst ? roots.Count - 1 - hit.i : hit.i;
        }
        else
        {
            index = site.CommentOrder == CommentOrder.NewestFirst ? 0 : roots.Count;
        }
        var page = index / perPage + 1;
        return page == 1 ? "" : $"?cpage={page}";
    }

    private PageResult Redisplay(int status)
    {
        Response.StatusCode = status;
        ReplyingTo = Flatten(Comments.Roots).FirstOrDefault(c => c.Id == Comment.ParentId && !c.IsPending);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string slug, string? category, CancellationToken cancellationToken, int commentPage = 1)
    {
        await articles.HoldConnectionAsync(cancellationToken);
        var article = await articles.FindBySlugAsync(slug, cancellationToken);
        if (article is null)
        {
            return NotFound();
        }
        Article = article;
        // One more query only for articles that have a library image.
        FeaturedImage = await media.FindByUrlAsync(article.FeaturedImageUrl, cancellationToken);
        var site = (await settings.GetAsync(cancellationToken)).Settings;
        var tree = await categories.GetAsync(cancellationToken);
        Category = tree.Find(article.CategoryId);
        // From /{category}/{slug}: it must be the article's, or any /x/slug would show it.
        if (category is not null && !string.Equals(category, Category?.Slug, StringComparison.OrdinalIgnoreCase))
        {
            return NotFound();
        }
        Breadcrumbs = [new Crumb("Home", "/"), .. tree.PathTo(article.CategoryId).Select(c => new Crumb(c.Name, c.Url)), new Crumb(article.Title, article.Url)];
        Related = await related.ForArticleAsync(article.Id, cancellationToken);
        Comments = await comments.ThreadForAsync(article.Id, commenterCookies.ReadPending(Request), site.CommentThreadDepth, cancellationToken);
        if (Comments.Page(commentPage, site.CommentsPerPage, site.CommentOrder) is not { } page)
        {
            return NotFound();
        }
        CommentsPage = page;
        CommentsOpen = article.CommentsOpen && site.CommentsEnabled
                       && (site.CloseCommentsAfterDays <= 0
                           || article.PublishedAt > clock.GetUtcNow().UtcDateTime.AddDays(-site.CloseCommentsAfterDays));
        if (CommentsOpen)
        {
            FormStamp = Infrastructure.Web.PerVisitorFields.Stamp(article.Id);
        }
        ViewData["ActiveCategoryId"] = article.CategoryId;
        return null;
    }

    private static IEnumerable<CommentView> Flatten(IEnumerable<CommentNode> nodes) =>
        nodes.SelectMany(n => Flatten(n.Replies).Prepend(n.Comment));
}

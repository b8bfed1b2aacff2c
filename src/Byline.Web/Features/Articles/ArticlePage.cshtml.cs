using Byline.Web.Features.Comments;
using Byline.Web.Features.Popular;
using Byline.Web.Features.Related;
using Byline.Web.Features.Shared;
using Byline.Web.Features.Taxonomy;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Byline.Web.Features.Articles;

/// <summary>The article page: the article, related articles, the comment thread and the comment form.</summary>
[CountsArticleViews]
[RequestSizeLimit(CommentLimits.RequestMaxBytes)]
[RequestFormLimits(ValueLengthLimit = (int)CommentLimits.RequestMaxBytes)]
public sealed class ArticlePageModel(
    ArticleQueries articles, RelatedQueries related, CommentQueries comments, CommentService commentService,
    CommenterCookies commenterCookies, CategoryDirectory categories) : PageModel
{
    public ArticleDetail Article { get; private set; } = null!;
    public CategoryNode? Category { get; private set; }
    public IReadOnlyList<Crumb> Breadcrumbs { get; private set; } = [];
    public IReadOnlyList<RelatedCard> Related { get; private set; } = [];
    public CommentThread Comments { get; private set; } = new([], 0);

    /// <summary>The comment being answered, when the visitor followed a reply link (works without JavaScript).</summary>
    public CommentView? ReplyingTo { get; private set; }

    [BindProperty]
    public CommentForm Comment { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int year, int month, string slug, int? replytocom, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } missing)
        {
            return missing;
        }
        if (Request.Path.Value != Article.Url)
        {
            // Wrong year/month, or other casing: one canonical address per article.
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

    public async Task<IActionResult> OnPostAsync(int year, int month, string slug, CancellationToken cancellationToken)
    {
        if (await LoadAsync(slug, cancellationToken) is { } missing)
        {
            return missing;
        }
        if (!Article.CommentsOpen)
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
            Response.StatusCode = StatusCodes.Status400BadRequest;
            ReplyingTo = Flatten(Comments.Roots).FirstOrDefault(c => c.Id == Comment.ParentId && !c.IsPending);
            return Page();
        }

        var origin = new CommentOrigin(HttpContext.Connection.RemoteIpAddress?.ToString(), Request.Headers.UserAgent.ToString());
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
        if (submitted.Status == CommentStatus.Pending)
        {
            commenterCookies.AddPending(HttpContext, submitted.CommentId);
        }
        return LocalRedirect($"{Article.Url}#comment-{submitted.CommentId}");
    }

    private async Task<IActionResult?> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        await articles.HoldConnectionAsync(cancellationToken);
        var article = await articles.FindBySlugAsync(slug, cancellationToken);
        if (article is null)
        {
            return NotFound();
        }
        Article = article;
        var tree = await categories.GetAsync(cancellationToken);
        Category = tree.Find(article.CategoryId);
        Breadcrumbs = [new Crumb("Home", "/"), .. tree.PathTo(article.CategoryId).Select(c => new Crumb(c.Name, c.Url)), new Crumb(article.Title, article.Url)];
        Related = await related.ForArticleAsync(article.Id, cancellationToken);
        Comments = await comments.ThreadForAsync(article.Id, commenterCookies.ReadPending(Request), cancellationToken);
        ViewData["ActiveCategoryId"] = article.CategoryId;
        return null;
    }

    private static IEnumerable<CommentView> Flatten(IEnumerable<CommentNode> nodes) =>
        nodes.SelectMany(n => Flatten(n.Replies).Prepend(n.Comment));
}

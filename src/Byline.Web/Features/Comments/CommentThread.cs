using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Comments;

public sealed record CommentView(
    int Id, int? ParentId, string AuthorName, string? AuthorUrl, string Body, string? BodyHtml, DateTime CreatedAt, bool IsPending);

public sealed record CommentNode(CommentView Comment, IReadOnlyList<CommentNode> Replies);

public sealed record CommentPage(IReadOnlyList<CommentNode> Threads, int PageNumber, int TotalPages);

/// <summary>The comments of one article as the reader sees them: approved ones, plus the reader's own pending ones.</summary>
public sealed record CommentThread(IReadOnlyList<CommentNode> Roots, int ApprovedCount)
{
    /// <summary>
    /// One page of top-level comments, each with all its replies. Newest first reverses the
    /// threads, not the replies in them. Returns null for a page past the end.
    /// </summary>
    public CommentPage? Page(int pageNumber, int perPage, Site.CommentOrder order)
    {
        perPage = Math.Max(1, perPage);
        var totalPages = Math.Max(1, (Roots.Count + perPage - 1) / perPage);
        if (pageNumber < 1 || pageNumber > totalPages)
        {
            return null;
        }
        var ordered = order == Site.CommentOrder.NewestFirst ? Roots.Reverse() : Roots;
        return new CommentPage([.. ordered.Skip((pageNumber - 1) * perPage).Take(perPage)], pageNumber, totalPages);
    }

    /// <summary>
    /// Nests replies under their parents down to <paramref name="maxDepth"/>; replies below that
    /// depth are shown after their ancestor at that depth, in time order, so threads stay readable
    /// on a phone. A reply whose parent is not shown becomes a top-level comment.
    /// </summary>
    public static CommentThread Build(IReadOnlyList<CommentView> comments, int maxDepth = 5)
    {
        maxDepth = Math.Clamp(maxDepth, 1, 20);
        var ids = comments.Select(c => c.Id).ToHashSet();
        var children = comments.Where(c => c.ParentId is int p && ids.Contains(p)).ToLookup(c => c.ParentId!.Value);

        IEnumerable<CommentView> Descendants(CommentView comment, int guard) =>
            guard > 1000 ? [] : children[comment.Id].SelectMany(c => Descendants(c, guard + 1).Prepend(c));

        IReadOnlyList<CommentNode> NodesFor(IEnumerable<CommentView> level, int depth)
        {
            var nodes = new List<CommentNode>();
            foreach (var comment in level)
            {
                if (depth < maxDepth)
                {
                    nodes.Add(new CommentNode(comment, NodesFor(children[comment.Id], depth + 1)));
                }
                else
                {
                    nodes.Add(new CommentNode(comment, []));
                    nodes.AddRange(Descendants(comment, 0).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Select(c => new CommentNode(c, [])));
                }
            }
            return nodes;
        }

        var roots = comments.Where(c => c.ParentId is not int p || !ids.Contains(p));
        return new CommentThread(NodesFor(roots, 1), comments.Count(c => !c.IsPending));
    }
}

public sealed class CommentQueries(BylineDbContext db)
{
    /// <summary>Approved comments, plus the reader's own comments still waiting (pending, or held as spam).</summary>
    public async Task<CommentThread> ThreadForAsync(
        int articleId, IReadOnlyCollection<int> ownPendingIds, int maxDepth, CancellationToken cancellationToken)
    {
        if (ownPendingIds.Count == 0)
        {
            // Almost every reader: approved comments only, through a query compiled once.
            var approved = new List<CommentView>();
            await foreach (var comment in ApprovedOf(db, articleId).WithCancellation(cancellationToken))
            {
                approved.Add(comment);
            }
            return CommentThread.Build(approved, maxDepth);
        }
        var comments = await db.Comments.AsNoTracking()
            .Where(c => c.ArticleId == articleId
                        && (c.Status == CommentStatus.Approved
                            || ((c.Status == CommentStatus.Pending || c.Status == CommentStatus.Spam) && ownPendingIds.Contains(c.Id))))
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new CommentView(c.Id, c.ParentId, c.AuthorName, c.AuthorUrl, c.Body, c.BodyHtml, c.CreatedAt,
                c.Status != CommentStatus.Approved))
            .ToListAsync(cancellationToken);
        return CommentThread.Build(comments, maxDepth);
    }

    private static readonly Func<BylineDbContext, int, IAsyncEnumerable<CommentView>> ApprovedOf =
        EF.CompileAsyncQuery((BylineDbContext db, int articleId) =>
            db.Comments.AsNoTracking()
                .Where(c => c.ArticleId == articleId && c.Status == CommentStatus.Approved)
                .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
                .Select(c => new CommentView(c.Id, c.ParentId, c.AuthorName, c.AuthorUrl, c.Body, c.BodyHtml, c.CreatedAt, false)));
}

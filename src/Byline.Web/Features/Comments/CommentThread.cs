using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Comments;

public sealed record CommentView(
    int Id, int? ParentId, string AuthorName, string? AuthorUrl, string Body, DateTime CreatedAt, bool IsPending);

public sealed record CommentNode(CommentView Comment, IReadOnlyList<CommentNode> Replies);

/// <summary>The comments of one article as the reader sees them: approved ones, plus the reader's own pending ones.</summary>
public sealed record CommentThread(IReadOnlyList<CommentNode> Roots, int ApprovedCount)
{
    public static CommentThread Build(IReadOnlyList<CommentView> comments)
    {
        var ids = comments.Select(c => c.Id).ToHashSet();
        var children = comments.Where(c => c.ParentId is int p && ids.Contains(p)).ToLookup(c => c.ParentId!.Value);
        // Iterative depth guard: a cycle can only come from bad data, and must not hang the page.
        IReadOnlyList<CommentNode> NodesFor(IEnumerable<CommentView> level, int depth) =>
            [.. level.Select(c => new CommentNode(c, depth < 64 ? NodesFor(children[c.Id], depth + 1) : []))];
        var roots = comments.Where(c => c.ParentId is not int p || !ids.Contains(p));
        return new CommentThread(NodesFor(roots, 0), comments.Count(c => !c.IsPending));
    }
}

public sealed class CommentQueries(BylineDbContext db)
{
    public async Task<CommentThread> ThreadForAsync(int articleId, IReadOnlyCollection<int> ownPendingIds, CancellationToken cancellationToken)
    {
        if (ownPendingIds.Count == 0)
        {
            // Almost every reader: approved comments only, through a query compiled once.
            var approved = new List<CommentView>();
            await foreach (var comment in ApprovedOf(db, articleId).WithCancellation(cancellationToken))
            {
                approved.Add(comment);
            }
            return CommentThread.Build(approved);
        }
        var comments = await db.Comments.AsNoTracking()
            .Where(c => c.ArticleId == articleId
                        && (c.Status == CommentStatus.Approved || (c.Status == CommentStatus.Pending && ownPendingIds.Contains(c.Id))))
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Select(c => new CommentView(c.Id, c.ParentId, c.AuthorName, c.AuthorUrl, c.Body, c.CreatedAt, c.Status == CommentStatus.Pending))
            .ToListAsync(cancellationToken);
        return CommentThread.Build(comments);
    }

    private static readonly Func<BylineDbContext, int, IAsyncEnumerable<CommentView>> ApprovedOf =
        EF.CompileAsyncQuery((BylineDbContext db, int articleId) =>
            db.Comments.AsNoTracking()
                .Where(c => c.ArticleId == articleId && c.Status == CommentStatus.Approved)
                .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
                .Select(c => new CommentView(c.Id, c.ParentId, c.AuthorName, c.AuthorUrl, c.Body, c.CreatedAt, false)));
}

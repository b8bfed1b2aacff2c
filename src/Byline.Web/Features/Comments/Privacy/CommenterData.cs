using Byline.Web.Features.Articles;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Comments.Privacy;

public sealed record CommenterComment(
    int Id, string ArticleTitle, string ArticleUrl, string AuthorName, string AuthorEmail, string? AuthorUrl,
    string Body, string Status, DateTime CreatedAt, string? IpAddress, string? UserAgent);

/// <summary>
/// What WordPress's personal-data tools offer, for one commenter by e-mail: export everything
/// stored about them, or erase it (the comments stay, anonymised, so threads still read).
/// The admin area and an e-mailed self-service link call these; today the command line does.
/// </summary>
public sealed class CommenterData(BylineDbContext db, ICommentChangeNotifier notifier, Permalinks permalinks)
{
    public async Task<IReadOnlyList<CommenterComment>> ExportAsync(string email, CancellationToken cancellationToken)
    {
        var key = email.Trim().ToLowerInvariant();
        var rows = await db.Comments.AsNoTracking().Where(c => c.AuthorEmail == key).OrderBy(c => c.CreatedAt)
            .Select(c => new
            {
                c.Id, c.Article.Title, c.Article.Slug, c.Article.PublishedAt, c.Article.CategoryId, c.AuthorName, c.AuthorEmail, c.AuthorUrl,
                c.Body, c.Status, c.CreatedAt, c.IpAddress, c.UserAgent,
            })
            .ToListAsync(cancellationToken);
        var links = await permalinks.GetAsync(cancellationToken);
        return [.. rows.Select(r => new CommenterComment(r.Id, r.Title, links.Url(r.PublishedAt ?? r.CreatedAt, r.Slug, r.CategoryId),
            r.AuthorName, r.AuthorEmail, r.AuthorUrl, r.Body, r.Status.ToString(), r.CreatedAt, r.IpAddress, r.UserAgent))];
    }

    /// <summary>Anonymises every comment with this e-mail; returns how many.</summary>
    public async Task<int> EraseAsync(string email, CancellationToken cancellationToken)
    {
        var key = email.Trim().ToLowerInvariant();
        var articleIds = await db.Comments.Where(c => c.AuthorEmail == key).Select(c => c.ArticleId).Distinct().ToListAsync(cancellationToken);
        var count = await db.Comments.Where(c => c.AuthorEmail == key).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.AuthorName, "Anonymous")
            .SetProperty(c => c.AuthorEmail, "")
            .SetProperty(c => c.AuthorUrl, (string?)null)
            .SetProperty(c => c.IpAddress, (string?)null)
            .SetProperty(c => c.UserAgent, (string?)null), cancellationToken);
        foreach (var articleId in articleIds)
        {
            notifier.CommentsChanged(articleId);
        }
        return count;
    }
}

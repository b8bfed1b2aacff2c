using Byline.Web.Features.Articles;
using Byline.Web.Features.Comments;
using Byline.Web.Features.Identity;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Admin;

public sealed class DashboardModel(BylineDbContext db, IAuthorizationService authorization) : PageModel
{
    public sealed record DashboardCounts(int Drafts, int PendingReview, int Scheduled, int Published, int CommentsPending, int Spam);

    public sealed record Activity(DateTime At, string Text);

    public DashboardCounts Counts { get; private set; } = new(0, 0, 0, 0, 0, 0);
    public bool CanModerate { get; private set; }
    public IReadOnlyList<Activity> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        CanModerate = (await authorization.AuthorizeAsync(User, Policies.ManageContent)).Succeeded;
        var articles = await db.Articles.GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var comments = CanModerate
            ? await db.Comments.Where(c => c.Status == CommentStatus.Pending || c.Status == CommentStatus.Spam)
                .GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken)
            : [];
        int Articles(ArticleStatus status) => articles.FirstOrDefault(a => a.Key == status)?.Count ?? 0;
        int Comments(CommentStatus status) => comments.FirstOrDefault(c => c.Key == status)?.Count ?? 0;
        Counts = new DashboardCounts(Articles(ArticleStatus.Draft), Articles(ArticleStatus.PendingReview), Articles(ArticleStatus.Scheduled),
            Articles(ArticleStatus.Published), Comments(CommentStatus.Pending), Comments(CommentStatus.Spam));

        // Editors see the newsroom's activity; everyone else what they touched.
        var userId = User.UserId();
        var entries = db.AuditEntries.AsNoTracking();
        if (!CanModerate)
        {
            entries = entries.Where(e => e.UserId == userId);
        }
        Recent = (await entries.OrderByDescending(e => e.Id).Take(10)
                .Select(e => new { e.At, e.UserName, e.Action, e.Subject }).ToListAsync(cancellationToken))
            .Select(e => new Activity(e.At, $"{e.UserName}: {e.Action} {e.Subject}"))
            .ToList();
    }
}

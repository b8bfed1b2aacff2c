using Byline.Web.Features.Articles;
using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Identity;

/// <summary>Reads staff accounts for the users screen: one query for the list, one for an account.</summary>
public sealed class UserDirectory(BylineDbContext db, TimeProvider clock)
{
    public sealed record Account(
        int Id, string UserName, string Email, string DisplayName, string AuthorSlug, string Role,
        DateTimeOffset? LockoutEnd, bool TwoFactor, DateTime CreatedAt, int Articles)
    {
        public bool LockedByAdministrator => UserAccounts.IsLockedByAdministrator(LockoutEnd);
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken = default) =>
        await Query(db.Users.OrderBy(u => u.Author.DisplayName).ThenBy(u => u.Id)).ToListAsync(cancellationToken);

    public async Task<Account?> FindAsync(int id, CancellationToken cancellationToken = default) =>
        await Query(db.Users.Where(u => u.Id == id)).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Locked now: by an administrator, or for a while after failed sign-ins.</summary>
    public bool IsLocked(Account account) => account.LockoutEnd > clock.GetUtcNow();

    // Filter and sort before projecting: EF cannot see through the record's constructor afterwards.
    private IQueryable<Account> Query(IQueryable<BylineUser> users) =>
        from u in users.AsNoTracking()
        select new Account(
            u.Id, u.UserName ?? "", u.Email ?? "", u.Author.DisplayName, u.Author.Slug,
            db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault() ?? "",
            u.LockoutEnd, u.TwoFactorEnabled, u.CreatedAt,
            db.Articles.Count(a => a.AuthorId == u.AuthorId && a.Status != ArticleStatus.Trashed));
}

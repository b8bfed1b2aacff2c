using System.Security.Cryptography;
using Byline.Web.Features.Authors;
using Byline.Web.Features.Shared;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Identity;

/// <summary>Creates and changes staff accounts, for the setup page, the users screen and the command line alike.</summary>
public sealed class UserAccounts(BylineDbContext db, UserManager<BylineUser> users, TimeProvider clock)
{
    public sealed record Result(BylineUser? User, IReadOnlyList<string> Errors)
    {
        public bool Succeeded => Errors.Count == 0;
    }

    /// <summary>True until the first account exists: the site then offers its setup page.</summary>
    public async Task<bool> NoneExistAsync(CancellationToken cancellationToken = default) =>
        !await db.Users.AnyAsync(cancellationToken);

    /// <summary>
    /// Creates the account and its public author profile together, or neither. An existing profile
    /// without an account (an imported or demo writer) can be given instead.
    /// </summary>
    public async Task<Result> CreateAsync(string email, string displayName, string role, string password,
        string? userName = null, int? existingAuthorId = null, CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        displayName = displayName.Trim();
        if (Roles.Parse(role) is not { } knownRole)
        {
            return new Result(null, [$"Unknown role '{role}'. Choose one of: {string.Join(", ", Roles.All)}."]);
        }
        if (displayName.Length is 0 or > 100)
        {
            return new Result(null, ["The display name must be 1 to 100 characters."]);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var author = existingAuthorId is int authorId
                ? await db.Authors.SingleAsync(a => a.Id == authorId, cancellationToken)
                : new Author { Slug = await UniqueAuthorSlugAsync(displayName, cancellationToken), DisplayName = displayName, Email = email };
            if (author.Id == 0)
            {
                db.Authors.Add(author);
                await db.SaveChangesAsync(cancellationToken);
            }

            var user = new BylineUser
            {
                UserName = string.IsNullOrWhiteSpace(userName) ? email : userName.Trim(),
                Email = email,
                EmailConfirmed = true,
                AuthorId = author.Id,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return new Result(null, created.Errors.Select(e => e.Description).ToList());
            }
            var added = await users.AddToRoleAsync(user, knownRole);
            if (!added.Succeeded)
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return new Result(null, added.Errors.Select(e => e.Description).ToList());
            }
            await transaction.CommitAsync(cancellationToken);
            return new Result(user, []);
        });
    }

    /// <summary>Replaces the account's roles with one; the last administrator cannot be demoted.</summary>
    public async Task<Result> SetRoleAsync(BylineUser user, string role)
    {
        if (Roles.Parse(role) is not { } knownRole)
        {
            return new Result(user, [$"Unknown role '{role}'. Choose one of: {string.Join(", ", Roles.All)}."]);
        }
        return await OneAdministratorChangeAtATimeAsync(async () =>
        {
            var current = await users.GetRolesAsync(user);
            if (current.Contains(Roles.Administrator) && knownRole != Roles.Administrator && !await AnotherActiveAdministratorAsync(user))
            {
                return new Result(user, [LastAdministrator]);
            }
            var removed = await users.RemoveFromRolesAsync(user, current);
            var added = removed.Succeeded ? await users.AddToRoleAsync(user, knownRole) : removed;
            // No new security stamp: that would sign the account out. Its open sessions rebuild their
            // roles from the database at the next stamp check instead, within a minute.
            return new Result(user, added.Errors.Select(e => e.Description).ToList());
        });
    }

    /// <summary>
    /// Sets a new password, which ends the account's sessions (Identity changes its security stamp).
    /// A lockout after failed sign-ins ends too; a lock set by an administrator stays.
    /// </summary>
    public async Task<Result> ResetPasswordAsync(BylineUser user, string password)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (reset.Succeeded && !IsLockedByAdministrator(user))
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }
        return new Result(user, reset.Errors.Select(e => e.Description).ToList());
    }

    /// <summary>
    /// Locks the account until an administrator unlocks it, and changes its security stamp so its
    /// open sessions end at their next check (within <see cref="IdentityRegistration.SessionCheckInterval"/>).
    /// </summary>
    public Task<Result> LockAsync(BylineUser user, int actingUserId) => OneAdministratorChangeAtATimeAsync(async () =>
    {
        if (user.Id == actingUserId)
        {
            return new Result(user, ["You cannot lock your own account."]);
        }
        if (await users.IsInRoleAsync(user, Roles.Administrator) && !await AnotherActiveAdministratorAsync(user))
        {
            return new Result(user, [LastAdministrator]);
        }
        var errors = new List<string>();
        foreach (var step in new Func<Task<IdentityResult>>[]
                 {
                     () => users.SetLockoutEnabledAsync(user, true),
                     () => users.SetLockoutEndDateAsync(user, LockedByAdministratorUntil),
                     () => users.UpdateSecurityStampAsync(user),
                 })
        {
            var result = await step();
            errors.AddRange(result.Errors.Select(e => e.Description));
            if (!result.Succeeded)
            {
                break;
            }
        }
        return new Result(user, errors);
    });

    public async Task<Result> UnlockAsync(BylineUser user)
    {
        var result = await users.SetLockoutEndDateAsync(user, null);
        if (result.Succeeded)
        {
            result = await users.ResetAccessFailedCountAsync(user);
        }
        return new Result(user, result.Errors.Select(e => e.Description).ToList());
    }

    /// <summary>
    /// Deletes the account (its roles, logins, two-factor keys and recovery codes go with it). The
    /// author profile stays, so bylines, author pages and feeds keep working; only its private
    /// e-mail address is cleared.
    /// </summary>
    public Task<Result> DeleteAsync(BylineUser user, int actingUserId) => OneAdministratorChangeAtATimeAsync(async () =>
    {
        if (user.Id == actingUserId)
        {
            return new Result(user, ["You cannot delete your own account."]);
        }
        if (await users.IsInRoleAsync(user, Roles.Administrator) && !await AnotherActiveAdministratorAsync(user))
        {
            return new Result(user, [LastAdministrator]);
        }
        var deleted = await users.DeleteAsync(user);
        if (deleted.Succeeded)
        {
            await db.Authors.Where(a => a.Id == user.AuthorId).ExecuteUpdateAsync(a => a.SetProperty(x => x.Email, (string?)null));
        }
        return new Result(null, deleted.Errors.Select(e => e.Description).ToList());
    });

    /// <summary>Locks set from the users screen run to this date; lockouts after failed sign-ins last minutes.</summary>
    public static readonly DateTimeOffset LockedByAdministratorUntil = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool IsLockedByAdministrator(BylineUser user) => IsLockedByAdministrator(user.LockoutEnd);

    public static bool IsLockedByAdministrator(DateTimeOffset? lockoutEnd) => lockoutEnd >= LockedByAdministratorUntil;

    /// <summary>
    /// How an account is named in the audit log: its user name, or its id when the user name is an
    /// e-mail address (accounts made on the setup page or the command line), since the log never holds those.
    /// </summary>
    public static string AuditName(BylineUser user) => AuditName(user.Id, user.UserName);

    public static string AuditName(int id, string? userName) =>
        string.IsNullOrEmpty(userName) || userName.Contains('@', StringComparison.Ordinal) ? $"user {id}" : $"user {id} ({userName})";

    private const string LastAdministrator =
        "This is the only administrator who can sign in; make someone else an administrator first.";

    // The last-administrator rule is a check followed by a change: two requests demoting the last two
    // administrators at once must not both pass. One node is the supported deployment for account changes.
    private static readonly SemaphoreSlim AdministratorChanges = new(1, 1);

    private static async Task<Result> OneAdministratorChangeAtATimeAsync(Func<Task<Result>> change)
    {
        await AdministratorChanges.WaitAsync();
        try
        {
            return await change();
        }
        finally
        {
            AdministratorChanges.Release();
        }
    }

    /// <summary>Whether an administrator other than <paramref name="user"/> exists who is not locked by an administrator.</summary>
    private async Task<bool> AnotherActiveAdministratorAsync(BylineUser user) =>
        (await users.GetUsersInRoleAsync(Roles.Administrator)).Any(a => a.Id != user.Id && !IsLockedByAdministrator(a));

    public async Task<BylineUser?> FindAsync(string emailOrUserName) =>
        await users.FindByEmailAsync(emailOrUserName.Trim()) ?? await users.FindByNameAsync(emailOrUserName.Trim());

    /// <summary>A password that meets the rules, for the demo login and the command line: 20 characters from 56 unambiguous ones.</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }

    private async Task<string> UniqueAuthorSlugAsync(string displayName, CancellationToken cancellationToken)
    {
        var baseSlug = Slugs.From(displayName) is { Length: > 0 } s ? (s.Length > 90 ? s[..90] : s) : "author";
        return await Slugs.UniqueAsync(baseSlug, slug => db.Authors.AnyAsync(a => a.Slug == slug, cancellationToken));
    }
}

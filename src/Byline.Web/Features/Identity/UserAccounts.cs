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
        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Administrator) && knownRole != Roles.Administrator
            && (await users.GetUsersInRoleAsync(Roles.Administrator)).Count == 1)
        {
            return new Result(user, ["This is the only administrator; make someone else an administrator first."]);
        }
        var removed = await users.RemoveFromRolesAsync(user, current);
        var added = removed.Succeeded ? await users.AddToRoleAsync(user, knownRole) : removed;
        // A role change takes effect on the next request, not at the next sign-in.
        await users.UpdateSecurityStampAsync(user);
        return new Result(user, added.Errors.Select(e => e.Description).ToList());
    }

    public async Task<Result> ResetPasswordAsync(BylineUser user, string password)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (reset.Succeeded)
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }
        return new Result(user, reset.Errors.Select(e => e.Description).ToList());
    }

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
        var slug = baseSlug;
        for (var n = 2; await db.Authors.AnyAsync(a => a.Slug == slug, cancellationToken); n++)
        {
            slug = $"{baseSlug}-{n}";
        }
        return slug;
    }
}

using Byline.Web.Features.Articles;
using Byline.Web.Features.Shared;
using Byline.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Identity;

/// <summary>
/// A staff member's own profile: the public author fields (name, address, bio, picture) and the
/// account's e-mail address, changed together or not at all.
/// </summary>
public sealed class AuthorProfiles(BylineDbContext db, UserManager<BylineUser> users, TimeProvider clock)
{
    public const int BioMaxLength = 2000;
    public const int SlugMaxLength = 100;

    public sealed record Profile(string DisplayName, string Slug, string? Bio, string? AvatarUrl, string Email);

    /// <summary>A problem with one field of the form (named as the <see cref="Profile"/> property).</summary>
    public sealed record Problem(string Field, string Message);

    public async Task<Profile?> GetAsync(int userId, CancellationToken cancellationToken = default) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new Profile(u.Author.DisplayName, u.Author.Slug, u.Author.Bio, u.Author.AvatarUrl, u.Email ?? ""))
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Saves the profile. A new author address leaves a redirect from the old one, so links to it
    /// keep working. Returns the problems, if any; then nothing was changed.
    /// </summary>
    public async Task<IReadOnlyList<Problem>> UpdateAsync(BylineUser user, Profile input, CancellationToken cancellationToken = default)
    {
        var displayName = input.DisplayName.Trim();
        var slug = input.Slug.Trim().ToLowerInvariant();
        var bio = string.IsNullOrWhiteSpace(input.Bio) ? null : input.Bio.Trim().ReplaceLineEndings("\n");
        var avatar = string.IsNullOrWhiteSpace(input.AvatarUrl) ? null : input.AvatarUrl.Trim();
        var email = input.Email.Trim();

        var problems = new List<Problem>();
        if (displayName.Length is 0 or > 100)
        {
            problems.Add(new(nameof(Profile.DisplayName), "The display name must be 1 to 100 characters."));
        }
        if (slug.Length is 0 or > SlugMaxLength || Slugs.From(slug) != slug)
        {
            problems.Add(new(nameof(Profile.Slug), $"The author address may hold only lower-case letters, digits and single hyphens, up to {SlugMaxLength} characters."));
        }
        else if (await db.Authors.AnyAsync(a => a.Slug == slug && a.Id != user.AuthorId, cancellationToken))
        {
            problems.Add(new(nameof(Profile.Slug), $"The address /author/{slug} belongs to another author; choose another."));
        }
        if (bio?.Length > BioMaxLength)
        {
            problems.Add(new(nameof(Profile.Bio), $"The bio is {bio.Length} characters; the most is {BioMaxLength}."));
        }
        if (avatar is not null && !IsAcceptableAvatarUrl(avatar))
        {
            problems.Add(new(nameof(Profile.AvatarUrl), "The picture must be a media-library path (/media/…) or an https:// address."));
        }
        if (await users.FindByEmailAsync(email) is { } holder && holder.Id != user.Id)
        {
            problems.Add(new(nameof(Profile.Email), "Another account uses that e-mail address."));
        }
        if (problems.Count > 0)
        {
            return problems;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var author = await db.Authors.SingleAsync(a => a.Id == user.AuthorId, cancellationToken);
            var oldSlug = author.Slug;
            author.DisplayName = displayName;
            author.Bio = bio;
            author.AvatarUrl = avatar;
            author.Email = email;
            if (slug != oldSlug)
            {
                author.Slug = slug;
                await Redirects.MovePathAsync(db, AuthorPath(oldSlug), AuthorPath(slug), clock.GetUtcNow().UtcDateTime, cancellationToken);
            }

            var oldEmail = user.Email;
            if (!string.Equals(oldEmail, email, StringComparison.Ordinal))
            {
                // Accounts made on the setup page sign in with their e-mail address as user name; keep the two together.
                if (string.Equals(user.UserName, oldEmail, StringComparison.OrdinalIgnoreCase))
                {
                    user.UserName = email;
                }
                user.Email = email;
            }
            try
            {
                // Runs Identity's validators (unique e-mail and user name), then saves the author changes with the account.
                var updated = await users.UpdateAsync(user);
                if (!updated.Succeeded)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    db.ChangeTracker.Clear();
                    return updated.Errors.Select(e => new Problem(e.Code.Contains("Email", StringComparison.Ordinal) ? nameof(Profile.Email) : "", e.Description)).ToList();
                }
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another author took the address between the check and the save.
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return [new Problem(nameof(Profile.Slug), $"The address /author/{slug} belongs to another author; choose another.")];
            }
            return (IReadOnlyList<Problem>)[];
        });
    }

    public static string AuthorPath(string slug) => "/author/" + slug;

    /// <summary>A picture from the media library (a local /media/ path) or any https address; nothing else (no javascript:, no data:, no http).</summary>
    public static bool IsAcceptableAvatarUrl(string url)
    {
        if (url.Length > 1000 || url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || url.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }
        if (url.StartsWith('/'))
        {
            return url.StartsWith("/media/", StringComparison.Ordinal) && url.Length > "/media/".Length
                && !url.Contains("//", StringComparison.Ordinal) && !url.Split('/').Contains("..");
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            && !string.IsNullOrEmpty(uri.Host) && string.IsNullOrEmpty(uri.UserInfo);
    }
}

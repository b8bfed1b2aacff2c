using System.Globalization;
using System.Security.Claims;

namespace Byline.Web.Features.Identity;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in account's id, or null for anonymous visitors.</summary>
    public static int? UserId(this ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>Editors and administrators: everyone's content, taxonomy and comments.</summary>
    public static bool CanManageContent(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Editor);

    /// <summary>The author profile of the signed-in account, or null.</summary>
    public static async Task<int?> AuthorIdAsync(this Infrastructure.Data.BylineDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var userId = user.UserId();
        return userId is null
            ? null
            : await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(
                db.Users.Where(u => u.Id == userId).Select(u => (int?)u.AuthorId), cancellationToken);
    }

    /// <summary>Authors and up may publish; contributors may not.</summary>
    public static bool CanPublish(this ClaimsPrincipal user) => user.CanManageContent() || user.IsInRole(Roles.Author);
}

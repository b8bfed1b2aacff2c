using System.Security.Claims;
using Byline.Web.Features.Identity;
using Byline.Web.Infrastructure.Data;

namespace Byline.Web.Features.Audit;

/// <summary>Appends to the audit log. Call it after the change it records has been saved.</summary>
public sealed class AuditLog(BylineDbContext db, TimeProvider clock)
{
    public async Task RecordAsync(ClaimsPrincipal? user, string action, string subject, string? details = null,
        CancellationToken cancellationToken = default)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            UserId = user?.UserId(),
            UserName = Truncate(user?.Identity?.Name ?? "system", 256),
            Action = Truncate(action, 64),
            Subject = Truncate(subject, 300),
            Details = details is null ? null : Truncate(details, 2000),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..(length - 1)] + "…";
}

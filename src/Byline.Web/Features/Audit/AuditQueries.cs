using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Audit;

public sealed record AuditRow(long Id, DateTime At, string UserName, string Action, string Subject, string? Details);

public sealed record AuditPage(IReadOnlyList<AuditRow> Entries, int PageNumber, int TotalPages, int Total);

/// <summary>Reads the audit log for administrators: newest first, filtered by who and by kind of action.</summary>
public sealed class AuditQueries(BylineDbContext db)
{
    public const int PageSize = 50;

    /// <summary>One page of entries; <paramref name="user"/> is matched whole (any case), <paramref name="actionPrefix"/> at the start ("category" finds category.merge).</summary>
    public async Task<AuditPage> PageAsync(string? user, string? actionPrefix, int page, CancellationToken cancellationToken)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(user))
        {
            var name = user.Trim().ToLowerInvariant();
            // EF translates ToLower() for both providers; the StringComparison overloads it cannot.
#pragma warning disable CA1862
            entries = entries.Where(e => e.UserName.ToLower() == name);
#pragma warning restore CA1862
        }
        if (!string.IsNullOrWhiteSpace(actionPrefix))
        {
            var prefix = actionPrefix.Trim().ToLowerInvariant();
            entries = entries.Where(e => e.Action.StartsWith(prefix));
        }
        var total = await entries.CountAsync(cancellationToken);
        var rows = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(e => new AuditRow(e.Id, e.At, e.UserName, e.Action, e.Subject, e.Details))
            .ToListAsync(cancellationToken);
        return new AuditPage(rows, page, Math.Max(1, (total + PageSize - 1) / PageSize), total);
    }

    /// <summary>The action families in the log ("article", "comment", …), for the filter's choices.</summary>
    public async Task<IReadOnlyList<string>> ActionFamiliesAsync(CancellationToken cancellationToken)
    {
        var actions = await db.AuditEntries.AsNoTracking().Select(e => e.Action).Distinct().ToListAsync(cancellationToken);
        return [.. actions.Select(a => a.Split('.')[0]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}

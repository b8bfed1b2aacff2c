using Byline.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Infrastructure.Jobs;

/// <summary>
/// Lets a background job that must run once across nodes (IP clean-up, the Redis view-count flush,
/// scheduled publishing) run on one node at a time. A lease is a row in <c>JobLeases</c>: taken or
/// renewed with one conditional UPDATE (only when it has expired or this node already holds it), and
/// inserted on first use, where the unique name settles a race. It works the same on SQLite and
/// PostgreSQL, survives pooled connections (unlike a session advisory lock) and can be read in the
/// database. A node that dies keeps its lease only until it expires; the next node to try then takes it.
/// </summary>
public sealed partial class JobLeases(IServiceScopeFactory scopes, TimeProvider clock, ILogger<JobLeases> logger)
{
    /// <summary>This node's holder name: machine, process and a random part (two apps in one process differ).</summary>
    public string NodeId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Takes or renews the lease <paramref name="name"/> for this node.</summary>
    public Task<bool> TryAcquireAsync(string name, TimeSpan duration, CancellationToken cancellationToken) =>
        TryAcquireAsync(name, NodeId, duration, cancellationToken);

    /// <summary>
    /// Takes the lease <paramref name="name"/> for <paramref name="holder"/> until now + <paramref name="duration"/>
    /// when it is free, expired or already held by <paramref name="holder"/> (a renewal); false when another holder has it.
    /// </summary>
    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + duration;
        var taken = await db.JobLeases
            .Where(l => l.Name == name && (l.ExpiresAt < now || l.Holder == holder))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), cancellationToken);
        if (taken == 1)
        {
            return true;
        }
        if (await db.JobLeases.AnyAsync(l => l.Name == name, cancellationToken))
        {
            return false;
        }
        db.JobLeases.Add(new JobLease { Name = name, Holder = holder, ExpiresAt = until });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e)
        {
            // Another node inserted the first row between our read and our insert: the key decided, it won.
            LostInsertRace(logger, name, e);
            return false;
        }
    }

    /// <summary>
    /// Runs <paramref name="job"/> only if this node holds (or can take) the lease <paramref name="name"/>;
    /// the holder keeps it from run to run by renewing. Returns whether it ran.
    /// </summary>
    public async Task<bool> RunIfLeaderAsync(string name, TimeSpan duration, Func<CancellationToken, Task> job, CancellationToken cancellationToken)
    {
        if (!await TryAcquireAsync(name, duration, cancellationToken))
        {
            NotLeader(logger, name);
            return false;
        }
        await job(cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lease {Name}: another node inserted it first")]
    private static partial void LostInsertRace(ILogger logger, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lease {Name} is held by another node; skipping this run")]
    private static partial void NotLeader(ILogger logger, string name);
}

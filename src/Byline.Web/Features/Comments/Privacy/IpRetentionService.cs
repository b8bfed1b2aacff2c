using Byline.Web.Infrastructure.Data;
using Byline.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Byline.Web.Features.Comments.Privacy;

/// <summary>
/// Keeps commenters' raw IP addresses only for <see cref="CommentGuardOptions.IpRetentionDays"/>,
/// then replaces them with a salted hash (and drops the user agent). Runs at start and hourly, on one
/// node at a time (<see cref="LeaseName"/>); a run is idempotent, so a node dying mid-way leaves work the next holder finishes.
/// </summary>
public sealed partial class IpRetentionService(
    IServiceScopeFactory scopes, IOptions<CommentGuardOptions> options, TimeProvider clock, JobLeases leases, ILogger<IpRetentionService> logger)
    : BackgroundService
{
    public const string LeaseName = "ip-retention";

    /// <summary>Longer than the hourly interval, so the holder renews it before it lapses; a dead holder's lapses within 90 minutes.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(90);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try
            {
                await leases.RunIfLeaderAsync(LeaseName, LeaseDuration, RunOnceAsync, stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
            {
                LogFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Hashes the addresses of comments older than the retention window; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
        var hasher = scope.ServiceProvider.GetRequiredService<IpAddressHasher>();
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-options.Value.IpRetentionDays);
        var done = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await db.Comments
                .Where(c => c.CreatedAt < cutoff && c.IpAddress != null && !c.IpAddress.StartsWith(IpAddressHasher.Prefix))
                .OrderBy(c => c.Id)
                .Take(500)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var comment in batch)
            {
                comment.IpAddress = await hasher.HashAsync(comment.IpAddress!, cancellationToken);
                comment.UserAgent = null;
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            done += batch.Count;
        }
        if (done > 0)
        {
            LogHashed(done);
        }
        return done;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replaced {Count} commenter IP addresses past the retention window with salted hashes")]
    private partial void LogHashed(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "IP retention run failed; will retry")]
    private partial void LogFailed(Exception e);
}

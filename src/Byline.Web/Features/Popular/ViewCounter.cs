using System.Collections.Concurrent;
using Byline.Web.Infrastructure.Data;
using Byline.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Byline.Web.Features.Popular;

/// <summary>
/// Counts article views in memory and adds them to the database in batches, so a page view
/// never costs a write. Keyed by slug because the count happens in middleware, which also
/// sees responses served from the output cache, where the page model never runs.
/// Each node adds its own counts (<c>Views = Views + n</c>), which is right on any number of nodes, so the
/// in-memory flush needs no lease. With Redis (<see cref="ISharedViewCounts"/>) views are counted there
/// instead, and only the holder of the <see cref="LeaseName"/> lease moves them to the database.
/// </summary>
public sealed partial class ViewCounter(
    IServiceScopeFactory scopes, TimeProvider clock, ILogger<ViewCounter> logger, JobLeases leases,
    Microsoft.Extensions.Options.IOptions<PopularOptions> options, ISharedViewCounts? shared = null)
{
    public const string LeaseName = "view-counts";

    private ConcurrentDictionary<(string Slug, DateOnly Day), int> _pending = new();

    public void Record(string slug)
    {
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        // Redis away: count here, and this node's own flush writes it.
        if (shared?.TryIncrement(slug, day) != true)
        {
            _pending.AddOrUpdate((slug, day), 1, (_, n) => n + 1);
        }
    }

    public int PendingCount => _pending.Values.Sum();

    /// <summary>Writes the buffered counts (and Redis's, on the lease holder); on failure they are kept for the next flush.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<(string Slug, DateOnly Day), int>());
        if (!batch.IsEmpty && !await TryWriteAsync(batch.ToDictionary(p => p.Key, p => (long)p.Value), cancellationToken))
        {
            foreach (var (key, views) in batch)
            {
                _pending.AddOrUpdate(key, views, (_, n) => n + views);
            }
        }
        if (shared is not null)
        {
            try
            {
                // Three flush intervals: the holder renews it at every flush; a dead holder's passes on soon after.
                var duration = TimeSpan.FromSeconds(3 * Math.Max(1, options.Value.FlushIntervalSeconds));
                await leases.RunIfLeaderAsync(LeaseName, duration, async ct =>
                {
                    var counts = await shared.TakeAsync(ct);
                    if (counts.Count == 0 || await TryWriteAsync(counts, ct))
                    {
                        await shared.ConfirmAsync(ct);
                    }
                }, cancellationToken);
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
            {
                LogFlushFailed(e);
            }
        }
    }

    private async Task<bool> TryWriteAsync(IReadOnlyDictionary<(string Slug, DateOnly Day), long> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
            var slugs = batch.Keys.Select(k => k.Slug).Distinct().ToList();
            var ids = await db.Articles.AsNoTracking().Where(a => slugs.Contains(a.Slug))
                .Select(a => new { a.Slug, a.Id }).ToDictionaryAsync(a => a.Slug, a => a.Id, cancellationToken);

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var rows = 0;
            foreach (var ((slug, day), views) in batch)
            {
                if (!ids.TryGetValue(slug, out var articleId))
                {
                    continue;
                }
                // One statement both providers accept (tested on each): concurrent nodes add, never overwrite.
                await db.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO "ArticleViews" ("ArticleId", "Day", "Views") VALUES ({articleId}, {day}, {views})
                    ON CONFLICT ("ArticleId", "Day") DO UPDATE SET "Views" = "ArticleViews"."Views" + excluded."Views"
                    """, cancellationToken);
                rows++;
            }
            await transaction.CommitAsync(cancellationToken);
            LogFlushed(rows);
            return true;
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
        {
            LogFlushFailed(e);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Flushed {Rows} view counters")]
    private partial void LogFlushed(int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not flush view counters; will retry")]
    private partial void LogFlushFailed(Exception e);
}

/// <summary>Page views counted outside the node (Redis), so every node's views add up in one place.</summary>
public interface ISharedViewCounts
{
    /// <summary>Counts one view; false when the shared store is unavailable (the caller counts it locally).</summary>
    bool TryIncrement(string slug, DateOnly day);

    /// <summary>Takes the counts gathered so far; they stay taken (and are offered again) until <see cref="ConfirmAsync"/>.</summary>
    Task<IReadOnlyDictionary<(string Slug, DateOnly Day), long>> TakeAsync(CancellationToken cancellationToken);

    /// <summary>The taken counts are in the database: forget them.</summary>
    Task ConfirmAsync(CancellationToken cancellationToken);
}

/// <summary>Flushes the view counter every <see cref="PopularOptions.FlushIntervalSeconds"/> and once more at shutdown.</summary>
public sealed class ViewFlushService(ViewCounter counter, Microsoft.Extensions.Options.IOptions<PopularOptions> options, TimeProvider clock)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.FlushIntervalSeconds)), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await counter.FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await counter.FlushAsync(cancellationToken);
    }
}

/// <summary>The <c>Byline:Popular</c> configuration section.</summary>
public sealed class PopularOptions
{
    public const string Section = "Byline:Popular";

    /// <summary>How often buffered page views are written to the database.</summary>
    public int FlushIntervalSeconds { get; set; } = 10;

    /// <summary>How long the Most Popular and Recent Comments boxes are kept in memory between refreshes.</summary>
    public int SidebarCacheSeconds { get; set; } = 60;
}

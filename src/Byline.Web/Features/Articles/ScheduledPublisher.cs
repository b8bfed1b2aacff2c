using Byline.Web.Infrastructure.Data;
using Byline.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Byline.Web.Features.Articles;

/// <summary>The <c>Byline:Publishing</c> configuration section.</summary>
public sealed class PublishingOptions
{
    public const string Section = "Byline:Publishing";

    /// <summary>How often to look for scheduled articles whose time has come. A scheduled article appears at most this late.</summary>
    public int PollSeconds { get; set; } = 10;
}

/// <summary>
/// Publishes scheduled articles when their time comes. Safe with several nodes: each article is
/// flipped by a conditional UPDATE that only one node can win (<see cref="ArticleEditor.PublishScheduledAsync"/>),
/// and a node that dies mid-way leaves nothing half done: the next poll, on any node, picks it up. The poll also
/// takes the lease <see cref="LeaseName"/> so only one node does the looking; it lapses after three polls
/// when its holder dies, so a scheduled article is then at most three polls late.
/// </summary>
public sealed partial class ScheduledPublisher(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<PublishingOptions> options, JobLeases leases, ILogger<ScheduledPublisher> logger)
    : BackgroundService
{
    public const string LeaseName = "scheduled-publishing";

    /// <summary>Publishes everything due now; returns how many this node published.</summary>
    public async Task<int> PublishDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BylineDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Articles.Where(a => a.Status == ArticleStatus.Scheduled && a.PublishedAt <= now)
            .OrderBy(a => a.PublishedAt).Select(a => a.Id).Take(100).ToListAsync(cancellationToken);
        var editor = scope.ServiceProvider.GetRequiredService<ArticleEditor>();
        var published = 0;
        foreach (var id in due)
        {
            if (await editor.PublishScheduledAsync(id, cancellationToken))
            {
                published++;
                Published(logger, id);
            }
        }
        return published;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The poll runs on the real clock; what is due is judged by the app's clock (a fake one in tests).
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds)));
        do
        {
            try
            {
                await leases.RunIfLeaderAsync(LeaseName, TimeSpan.FromSeconds(3 * Math.Max(1, options.Value.PollSeconds)), PublishDueAsync, stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                PollFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published scheduled article {ArticleId}")]
    private static partial void Published(ILogger logger, int articleId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled publishing failed; will retry")]
    private static partial void PollFailed(ILogger logger, Exception exception);
}

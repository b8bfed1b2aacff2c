using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.ScaleOut;

/// <summary>Two nodes on one database compete for a background job's lease.</summary>
public sealed class JobLeaseTests : IAsyncLifetime
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly BylineAppFactory _nodeA = new();
    private BylineAppFactory _nodeB = null!;

    public Task InitializeAsync()
    {
        _ = _nodeA.Server;
        _nodeB = BylineAppFactory.SecondNodeOf(_nodeA);
        _ = _nodeB.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _nodeB.DisposeAsync();
        await _nodeA.DisposeAsync();
    }

    private static JobLeases LeasesOn(BylineAppFactory node) => node.Services.GetRequiredService<JobLeases>();

    [Fact]
    public void Each_node_has_its_own_holder_name()
    {
        Assert.NotEqual(LeasesOn(_nodeA).NodeId, LeasesOn(_nodeB).NodeId);
        Assert.Contains(Environment.MachineName, LeasesOn(_nodeA).NodeId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_nodes_racing_for_a_new_lease_exactly_one_wins()
    {
        for (var round = 0; round < 5; round++)
        {
            var name = $"race-{round}";
            var results = await Task.WhenAll(
                Task.Run(() => LeasesOn(_nodeA).TryAcquireAsync(name, Minute, CancellationToken.None)),
                Task.Run(() => LeasesOn(_nodeB).TryAcquireAsync(name, Minute, CancellationToken.None)));
            Assert.Single(results, won => won);

            var holder = await _nodeA.WithDbAsync(db => db.JobLeases.Where(l => l.Name == name).Select(l => l.Holder).SingleAsync());
            Assert.Equal(results[0] ? LeasesOn(_nodeA).NodeId : LeasesOn(_nodeB).NodeId, holder);
        }
    }

    [Fact]
    public async Task The_holder_renews_while_the_other_node_waits_and_an_expired_lease_goes_to_the_other_node()
    {
        Assert.True(await LeasesOn(_nodeA).TryAcquireAsync("handover", Minute, CancellationToken.None));
        Assert.False(await LeasesOn(_nodeB).TryAcquireAsync("handover", Minute, CancellationToken.None));

        // Node A renews half-way through: the lease now runs a minute from then.
        _nodeA.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(await LeasesOn(_nodeA).TryAcquireAsync("handover", Minute, CancellationToken.None));
        _nodeB.Clock.Advance(TimeSpan.FromSeconds(70));
        Assert.False(await LeasesOn(_nodeB).TryAcquireAsync("handover", Minute, CancellationToken.None));

        // Node A dies without a word; once its lease has run out, node B takes it and node A cannot get it back.
        _nodeB.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(await LeasesOn(_nodeB).TryAcquireAsync("handover", Minute, CancellationToken.None));
        _nodeA.Clock.Advance(TimeSpan.FromSeconds(70));
        Assert.False(await LeasesOn(_nodeA).TryAcquireAsync("handover", Minute, CancellationToken.None));
        var lease = await _nodeA.WithDbAsync(db => db.JobLeases.AsNoTracking().SingleAsync(l => l.Name == "handover"));
        Assert.Equal(LeasesOn(_nodeB).NodeId, lease.Holder);
        Assert.Equal(_nodeB.Clock.GetUtcNow().UtcDateTime + Minute, lease.ExpiresAt, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_job_runs_only_on_the_node_that_holds_its_lease()
    {
        var ran = new List<string>();
        foreach (var node in new[] { _nodeA, _nodeB, _nodeA, _nodeB })
        {
            await LeasesOn(node).RunIfLeaderAsync("job", Minute, _ =>
            {
                ran.Add(node == _nodeA ? "A" : "B");
                return Task.CompletedTask;
            }, CancellationToken.None);
        }
        Assert.Equal(["A", "A"], ran);
    }

    [Fact]
    public async Task The_background_jobs_that_run_once_across_nodes_take_their_lease()
    {
        // Both nodes' IP clean-up ran at start; one of them holds the lease for the next hour and a half.
        var holder = await WaitForLeaseAsync("ip-retention");
        Assert.Contains(holder, new[] { LeasesOn(_nodeA).NodeId, LeasesOn(_nodeB).NodeId });
        Assert.Contains(await WaitForLeaseAsync(ScheduledPublisher.LeaseName), new[] { LeasesOn(_nodeA).NodeId, LeasesOn(_nodeB).NodeId });
    }

    private async Task<string> WaitForLeaseAsync(string name)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var holder = await _nodeA.WithDbAsync(db => db.JobLeases.Where(l => l.Name == name).Select(l => l.Holder).SingleOrDefaultAsync());
            if (holder is not null || DateTime.UtcNow > deadline)
            {
                Assert.NotNull(holder);
                return holder;
            }
            await Task.Delay(50);
        }
    }
}

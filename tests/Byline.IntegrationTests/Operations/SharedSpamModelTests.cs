using System.Diagnostics;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Comments.Classifier;
using Byline.Web.Features.Spam;
using Byline.Web.Infrastructure.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.Operations;

/// <summary>What a moderator teaches the classifier on one node is used by the others, and no node's lesson is lost.</summary>
public sealed class SharedSpamModelTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> ClassifierOn = new() { ["Byline:Spam:Classifier"] = "true" };
    private readonly BylineAppFactory _nodeA = new() { Settings = ClassifierOn };
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

    private static readonly SpamSample Watches = new("Rolex Deals", "Replica watches for the harbour festival, best prices, order today", "https://watches.example");
    private static readonly SpamSample Pills = new("Pharma Shop", "Cheap pills shipped overnight, no prescription, visit our store", "https://pills.example");

    [Fact]
    public async Task Lessons_learned_on_two_nodes_at_once_both_reach_both_nodes()
    {
        var storeA = _nodeA.Services.GetRequiredService<SpamModelStore>();
        var storeB = _nodeB.Services.GetRequiredService<SpamModelStore>();
        await _nodeB.Services.GetRequiredService<CacheEviction>().Listening.WaitAsync(TimeSpan.FromSeconds(10));
        await _nodeA.Services.GetRequiredService<CacheEviction>().Listening.WaitAsync(TimeSpan.FromSeconds(10));
        var before = (Watches: storeB.Classifier!.SpamProbability(Watches), Pills: storeA.Classifier!.SpamProbability(Pills));

        // Node A's moderator marks the watch advert spam, node B's the pill advert, at the same moment.
        await Task.WhenAll(
            storeA.LearnAsync(Enumerable.Repeat(new SpamExample(Watches, true), 20).ToList(), default),
            storeB.LearnAsync(Enumerable.Repeat(new SpamExample(Pills, true), 20).ToList(), default));

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(5)
               && !(storeB.Classifier!.SpamProbability(Watches) > before.Watches + 0.05 && storeA.Classifier!.SpamProbability(Pills) > before.Pills + 0.05
                    && storeA.Classifier.SpamProbability(Watches) > before.Watches + 0.05 && storeB.Classifier.SpamProbability(Pills) > before.Pills + 0.05))
        {
            await Task.Delay(50);
        }
        if (!TestDatabase.IsPostgres)
        {
            // SQLite is one node by design: the saved model holds both lessons, which a restart (or node) loads.
            var saved = await _nodeA.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.SpamModels));
            var model = SpamModel.FromBytes(saved.Data);
            Assert.True(model.SpamProbability(Watches) > before.Watches + 0.05);
            Assert.True(model.SpamProbability(Pills) > before.Pills + 0.05);
            return;
        }
        Assert.True(storeB.Classifier!.SpamProbability(Watches) > before.Watches + 0.05, "Node B did not learn node A's lesson.");
        Assert.True(storeA.Classifier!.SpamProbability(Pills) > before.Pills + 0.05, "Node A did not learn node B's lesson.");
        Assert.True(storeA.Classifier.SpamProbability(Watches) > before.Watches + 0.05, "Node A lost its own lesson.");
        Assert.True(storeB.Classifier.SpamProbability(Pills) > before.Pills + 0.05, "Node B lost its own lesson.");
    }
}

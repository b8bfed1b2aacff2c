using System.Diagnostics;
using System.Net;
using Byline.IntegrationTests.Infrastructure;
using Byline.Web.Features.Articles;
using Byline.Web.Features.Identity;
using Byline.Web.Features.Popular;
using Byline.Web.Features.Site;
using Byline.Web.Infrastructure.Data;
using Byline.Web.Infrastructure.ScaleOut;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Byline.IntegrationTests.ScaleOut;

/// <summary>Runs only when the test command started a Redis server (BYLINE_TEST_REDIS=host:port).</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public static string? Server => Environment.GetEnvironmentVariable("BYLINE_TEST_REDIS") is { Length: > 0 } s ? s : null;

    public RedisFactAttribute()
    {
        if (Server is null)
        {
            Skip = "No Redis server: set BYLINE_TEST_REDIS=host:port (./test.sh does) to run the Redis tests.";
        }
    }
}

/// <summary>Two nodes sharing one database and one Redis (output cache, evictions, view counters).</summary>
public sealed class RedisTests : IAsyncLifetime
{
    internal const string Browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

    // Each test class instance gets its own key prefix, so parallel tests sharing the Redis server never meet.
    private readonly BylineAppFactory _nodeA = new()
    {
        Settings = new()
        {
            ["ConnectionStrings:Redis"] = RedisFactAttribute.Server ?? "127.0.0.1:1",
            ["Byline:Redis:InstanceName"] = $"test-{Guid.NewGuid():N}:",
        },
    };

    private BylineAppFactory _nodeB = null!;

    public Task InitializeAsync()
    {
        if (RedisFactAttribute.Server is null)
        {
            return Task.CompletedTask;
        }
        _ = _nodeA.Server;
        _nodeB = BylineAppFactory.SecondNodeOf(_nodeA);
        _ = _nodeB.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (RedisFactAttribute.Server is null)
        {
            return;
        }
        await _nodeB.DisposeAsync();
        await _nodeA.DisposeAsync();
    }

    [RedisFact]
    public async Task Both_nodes_use_the_shared_redis_output_cache_and_pub_sub()
    {
        Assert.IsType<ResilientOutputCacheStore>(_nodeA.Services.GetRequiredService<IOutputCacheStore>());
        Assert.IsType<RedisCacheEvictionTransport>(_nodeB.Services.GetRequiredService<ICacheEvictionTransport>());

        // A page node A rendered is served by node B from Redis, without a query.
        await new TestData(_nodeA).ArticleAsync("Cached once");
        using (var first = await _nodeA.CreateClient().GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        var before = _nodeB.Queries.Count;
        var home = await _nodeB.CreateClient().GetDocumentAsync("/");
        Assert.Equal("Cached once", home.QuerySelector(".article-list .card h2")!.Text());
        Assert.Equal(before, _nodeB.Queries.Count);
    }

    [RedisFact]
    public async Task Publishing_on_one_node_refreshes_the_other_nodes_cached_home_page_within_a_second()
    {
        var category = await new TestData(_nodeA).CategoryAsync("Metro");
        var readerOnB = _nodeB.CreateClient();
        await readerOnB.GetDocumentAsync("/");
        await readerOnB.GetDocumentAsync("/");
        await _nodeB.Services.GetRequiredService<CacheEviction>().Listening.WaitAsync(TimeSpan.FromSeconds(10));

        var (editorOnA, _) = await _nodeA.SignedInAsync(Roles.Editor);
        using var published = await editorOnA.SubmitFormAsync("/admin/articles/new", "#article-editor", new Dictionary<string, string>
        {
            ["Form.Title"] = "Published on node A",
            ["Form.Body"] = "Text.",
            ["Form.CategoryId"] = category.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["command"] = "publish",
        });
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var clock = Stopwatch.StartNew();
        string? top;
        do
        {
            top = (await readerOnB.GetDocumentAsync("/")).QuerySelector(".article-list .card h2")?.Text();
        }
        while (top != "Published on node A" && clock.Elapsed < TimeSpan.FromSeconds(5) && await Delay());
        Assert.Equal("Published on node A", top);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"Node B showed it after {clock.ElapsedMilliseconds} ms");
    }

    [RedisFact]
    public async Task A_settings_change_reaches_the_other_nodes_memory_cache_over_redis_pub_sub()
    {
        var readerOnB = _nodeB.CreateClient();
        Assert.Equal("Byline", (await readerOnB.GetDocumentAsync("/")).QuerySelector(".site-title")!.Text());
        await _nodeB.Services.GetRequiredService<CacheEviction>().Listening.WaitAsync(TimeSpan.FromSeconds(10));

        await _nodeA.WithDbAsync(db => db.SiteSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.Title, "The Redis Times")));
        var clock = Stopwatch.StartNew();
        _nodeA.Services.GetRequiredService<SiteSettingsProvider>().Invalidate();
        string title;
        do
        {
            // Node B's own settings, not a page node A rendered: a fresh render on B must show the new title.
            title = (await _nodeB.Services.GetRequiredService<SiteSettingsProvider>().GetAsync(CancellationToken.None)).Settings.Title;
        }
        while (title != "The Redis Times" && clock.Elapsed < TimeSpan.FromSeconds(5) && await Delay());
        Assert.Equal("The Redis Times", title);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"Node B saw the change after {clock.ElapsedMilliseconds} ms");
    }

    [RedisFact]
    public async Task Views_on_both_nodes_are_counted_in_redis_and_the_lease_holder_writes_them_to_the_database_once()
    {
        var article = await new TestData(_nodeA).ArticleAsync("Read on two nodes");
        var url = ArticleLinks.Url(article.PublishedAt!.Value, article.Slug);
        foreach (var node in new[] { _nodeA, _nodeB, _nodeB })
        {
            var reader = node.CreateClient();
            reader.DefaultRequestHeaders.UserAgent.ParseAdd(Browser);
            await reader.GetDocumentAsync(url);
            await reader.GetDocumentAsync(url);
        }
        Assert.Equal(0, _nodeA.Services.GetRequiredService<ViewCounter>().PendingCount);
        Assert.Equal(0, _nodeB.Services.GetRequiredService<ViewCounter>().PendingCount);
        var redis = _nodeA.Services.GetRequiredService<RedisViewCounts>();
        var clock = Stopwatch.StartNew();
        while (await redis.PendingAsync() < 6 && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Delay();
        }
        Assert.Equal(6, await redis.PendingAsync());

        await _nodeA.Services.GetRequiredService<ViewCounter>().FlushAsync(CancellationToken.None);
        await _nodeB.Services.GetRequiredService<ViewCounter>().FlushAsync(CancellationToken.None);
        await _nodeA.Services.GetRequiredService<ViewCounter>().FlushAsync(CancellationToken.None);

        Assert.Equal(0, await redis.PendingAsync());
        var views = await _nodeA.WithDbAsync(db => db.ArticleViews.Where(v => v.ArticleId == article.Id).SumAsync(v => v.Views));
        Assert.Equal(6, views);
    }

    [RedisFact]
    public async Task Cached_article_pages_from_redis_still_give_every_visitor_their_own_form_token()
    {
        var article = await new TestData(_nodeA).ArticleAsync("Tokens for all");
        var url = ArticleLinks.Url(article.PublishedAt!.Value, article.Slug);
        var tokens = new List<string>();
        foreach (var node in new[] { _nodeA, _nodeB, _nodeB })
        {
            var page = await node.CreateClient().GetDocumentAsync(url);
            tokens.Add(page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!);
        }
        Assert.Equal(3, tokens.Distinct().Count());
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(20);
        return true;
    }
}

/// <summary>Redis configured but not there: the node starts, serves pages and counts views on its own.</summary>
public sealed class UnreachableRedisTests
{
    [Fact]
    public async Task A_node_whose_redis_is_unreachable_starts_and_serves_pages_from_the_database()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        await using var app = new BylineAppFactory
        {
            Settings = new() { ["ConnectionStrings:Redis"] = "127.0.0.1:1,connectTimeout=500", ["Byline:Redis:InstanceName"] = "unreachable:" },
        };
        var article = await new TestData(app).ArticleAsync("Served without Redis");
        Assert.IsType<ResilientOutputCacheStore>(app.Services.GetRequiredService<IOutputCacheStore>());

        var reader = app.CreateClient();
        reader.DefaultRequestHeaders.UserAgent.ParseAdd(RedisTests.Browser);
        for (var i = 0; i < 2; i++)
        {
            var home = await reader.GetDocumentAsync("/");
            Assert.Equal("Served without Redis", home.QuerySelector(".article-list .card h2")!.Text());
        }
        using var page = await reader.GetAsync(ArticleLinks.Url(article.PublishedAt!.Value, article.Slug));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        // Views fall back to the node's memory and still reach the database.
        var counter = app.Services.GetRequiredService<ViewCounter>();
        Assert.Equal(1, counter.PendingCount);
        await counter.FlushAsync(CancellationToken.None);
        Assert.Equal(1, await app.WithDbAsync(db => db.ArticleViews.Where(v => v.ArticleId == article.Id).SumAsync(v => v.Views)));
    }
}

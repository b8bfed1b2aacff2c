using Microsoft.Extensions.Caching.Memory;

namespace Byline.Web.Infrastructure.Data;

/// <summary>
/// Evicts an in-memory cache entry here and on every other node. The key goes out through an
/// <see cref="ICacheEvictionTransport"/>: PostgreSQL <c>NOTIFY</c>/<c>LISTEN</c> by default, Redis pub/sub when
/// <c>ConnectionStrings:Redis</c> is set, or nothing on SQLite (one node by nature). Each node removes the key
/// from its own cache, so a settings change, a publish or an approved comment shows on all nodes within moments.
/// </summary>
public sealed class CacheEviction(IMemoryCache cache, ICacheEvictionTransport transport, IServiceProvider services) : BackgroundService
{
    public const string Channel = "byline_cache";

    /// <summary>Sent with each key, so a node ignores its own messages (it evicted already).</summary>
    private readonly string _node = Guid.NewGuid().ToString("N");

    /// <summary>Completes once this node listens for other nodes' evictions (at once on SQLite).</summary>
    public Task Listening => transport.Listening;

    /// <summary>Raised when another node evicted a key: for state that lives outside <see cref="IMemoryCache"/>.</summary>
    public event Action<string>? EvictedElsewhere;

    public void Evict(string key)
    {
        cache.Remove(key);
        // Every cached public page shows what the evicted entry held (the sidebar, the category menu, the title…).
        Web.PublicPageCache.EvictAll(services);
        transport.Send(_node + "|" + key);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => transport.RunAsync(Received, Missed, stoppingToken);

    private void Received(string payload)
    {
        var separator = payload.IndexOf('|', StringComparison.Ordinal);
        if (separator <= 0 || payload.AsSpan(0, separator).SequenceEqual(_node))
        {
            return;
        }
        var key = payload[(separator + 1)..];
        cache.Remove(key);
        if (!transport.SharesOutputCache)
        {
            Web.PublicPageCache.EvictAll(services);
        }
        EvictedElsewhere?.Invoke(key);
    }

    /// <summary>Evictions sent while this node was not listening are lost: start afresh.</summary>
    private void Missed()
    {
        if (cache is MemoryCache memory)
        {
            memory.Clear();
        }
        Web.PublicPageCache.EvictAll(services);
    }
}

/// <summary>
/// How cache evictions travel between nodes (the seam behind <see cref="CacheEviction"/>): PostgreSQL
/// <c>NOTIFY</c> (<see cref="PostgresNotifyTransport"/>), Redis pub/sub (<c>RedisCacheEvictionTransport</c>) or
/// nowhere (<see cref="LocalCacheEvictionTransport"/>). Payloads are opaque strings; delivery is best effort.
/// </summary>
public interface ICacheEvictionTransport
{
    /// <summary>Completes once messages from other nodes are received.</summary>
    Task Listening { get; }

    /// <summary>True when the output cache itself lives outside the node (Redis), so other nodes' pages need no eviction here.</summary>
    bool SharesOutputCache { get; }

    /// <summary>Queues a payload for the other nodes; never blocks and never throws.</summary>
    void Send(string payload);

    /// <summary>
    /// Delivers other nodes' payloads to <paramref name="received"/> until stopped, and calls
    /// <paramref name="missed"/> after a reconnection, when messages may have been lost.
    /// </summary>
    Task RunAsync(Action<string> received, Action missed, CancellationToken stoppingToken);
}

/// <summary>One node (SQLite): evictions stay local.</summary>
public sealed class LocalCacheEvictionTransport : ICacheEvictionTransport
{
    public Task Listening => Task.CompletedTask;
    public bool SharesOutputCache => false;
    public void Send(string payload)
    {
    }
    public Task RunAsync(Action<string> received, Action missed, CancellationToken stoppingToken) => Task.CompletedTask;
}

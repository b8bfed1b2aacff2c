using Microsoft.AspNetCore.OutputCaching;
using StackExchange.Redis;

namespace Byline.Web.Infrastructure.ScaleOut;

/// <summary>
/// Wraps the Redis output-cache store so that Redis being away costs speed, not pages: a read that fails is
/// a miss, a write or an eviction that fails is logged and dropped (entries expire within a minute anyway).
/// </summary>
public sealed partial class ResilientOutputCacheStore(IOutputCacheStore inner, ILogger<ResilientOutputCacheStore> logger) : IOutputCacheStore, IDisposable
{
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.GetAsync(key, cancellationToken);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            Failed(logger, "read", e);
            return null;
        }
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        try
        {
            await inner.SetAsync(key, value, tags, validFor, cancellationToken);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            Failed(logger, "write", e);
        }
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        try
        {
            await inner.EvictByTagAsync(tag, cancellationToken);
        }
        catch (Exception e) when (IsRedisFailure(e))
        {
            Failed(logger, "eviction", e);
        }
    }

    public void Dispose() => (inner as IDisposable)?.Dispose();

    // The store's tag scan reports a lost connection wrapped in an AggregateException.
    private static bool IsRedisFailure(Exception e) => e is RedisException or TimeoutException or System.Net.Sockets.SocketException or ObjectDisposedException
        || (e is AggregateException aggregate && aggregate.Flatten().InnerExceptions.All(IsRedisFailure));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis output cache {Operation} failed; serving without it")]
    private static partial void Failed(ILogger logger, string operation, Exception exception);
}

using Byline.Web.Infrastructure.Data;
using StackExchange.Redis;

namespace Byline.Web.Infrastructure.ScaleOut;

/// <summary>
/// Cache evictions over Redis pub/sub (channel <c>{InstanceName}byline_cache</c>) when Redis is configured.
/// Pages themselves live in the shared Redis output cache, so only in-memory entries travel here.
/// </summary>
public sealed partial class RedisCacheEvictionTransport(RedisConnection redis, ILogger<RedisCacheEvictionTransport> logger) : ICacheEvictionTransport
{
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Listening => _listening.Task;

    public bool SharesOutputCache => true;

    public void Send(string payload)
    {
        try
        {
            redis.Multiplexer.GetSubscriber().Publish(redis.Channel(CacheEviction.Channel), payload, CommandFlags.FireAndForget);
        }
        catch (RedisException e)
        {
            // Other nodes keep their entry until it expires (a minute or so); this node already evicted its own.
            SendFailed(logger, e);
        }
    }

    public async Task RunAsync(Action<string> received, Action missed, CancellationToken stoppingToken)
    {
        // Off the start-up path: connecting to a Redis that does not answer must not hold the node's start.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var subscriber = redis.Multiplexer.GetSubscriber();
                await subscriber.SubscribeAsync(redis.Channel(CacheEviction.Channel), (_, message) =>
                {
                    if (message.HasValue)
                    {
                        received(message.ToString());
                    }
                });
                // The client re-subscribes by itself after a reconnection; what was sent in between is lost.
                redis.Multiplexer.ConnectionRestored += (_, e) =>
                {
                    if (e.ConnectionType == ConnectionType.Subscription)
                    {
                        missed();
                    }
                };
                _listening.TrySetResult();
                return;
            }
            catch (RedisException e)
            {
                ListenFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscribing to other nodes' cache evictions on Redis failed; retrying")]
    private static partial void ListenFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell other nodes about a cache eviction over Redis")]
    private static partial void SendFailed(ILogger logger, Exception exception);
}

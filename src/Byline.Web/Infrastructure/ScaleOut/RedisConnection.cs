using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Byline.Web.Infrastructure.ScaleOut;

/// <summary>The <c>Byline:Redis</c> configuration section (the server itself is <c>ConnectionStrings:Redis</c>).</summary>
public sealed class RedisOptions
{
    public const string Section = "Byline:Redis";

    /// <summary>Put before every key and channel name, so several sites (or test runs) can share one Redis.</summary>
    public string InstanceName { get; set; } = "byline:";
}

/// <summary>
/// The node's one connection to Redis, shared by the output cache, cache-eviction pub/sub and view counters.
/// It never stops the node from starting or serving: it connects in the background, reconnects by itself,
/// and commands fail at once (rather than queue) while Redis is away, so callers fall back and log.
/// </summary>
public sealed partial class RedisConnection : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer;

    public RedisConnection(string configuration, IOptions<RedisOptions> options, ILogger<RedisConnection> logger)
    {
        Prefix = options.Value.InstanceName;
        var settings = ConfigurationOptions.Parse(configuration);
        settings.AbortOnConnectFail = false;
        settings.BacklogPolicy = BacklogPolicy.FailFast;
        settings.ClientName ??= "byline";
        _multiplexer = new Lazy<ConnectionMultiplexer>(() =>
        {
            var multiplexer = ConnectionMultiplexer.Connect(settings);
            multiplexer.ConnectionFailed += (_, e) => ConnectionLost(logger, e.EndPoint, e.Exception);
            multiplexer.ConnectionRestored += (_, e) => Reconnected(logger, e.EndPoint);
            if (!multiplexer.IsConnected)
            {
                NotConnected(logger);
            }
            return multiplexer;
        });
    }

    public string Prefix { get; }

    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    public IDatabase Database => Multiplexer.GetDatabase();

    public bool IsConnected => Multiplexer.IsConnected;

    public RedisKey Key(string name) => Prefix + name;

    public RedisChannel Channel(string name) => RedisChannel.Literal(Prefix + name);

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is not reachable; serving without it (local caches, counters in memory) and reconnecting in the background")]
    private static partial void NotConnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the connection to Redis at {EndPoint}; degrading to local caches until it is back")]
    private static partial void ConnectionLost(ILogger logger, System.Net.EndPoint? endPoint, Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnected to Redis at {EndPoint}")]
    private static partial void Reconnected(ILogger logger, System.Net.EndPoint? endPoint);
}

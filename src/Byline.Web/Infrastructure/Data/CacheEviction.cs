using System.Threading.Channels;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Byline.Web.Infrastructure.Data;

/// <summary>
/// Evicts an in-memory cache entry here and on every other node. On PostgreSQL the key goes out
/// with <c>NOTIFY</c> and each node's listener (<c>LISTEN</c>) removes it from its own cache, so a
/// settings change, a publish or an approved comment shows on all nodes within moments — no Redis
/// needed. On SQLite (one node by nature) it is a plain local eviction.
/// </summary>
public sealed partial class CacheEviction(
    IMemoryCache cache, IOptions<DatabaseOptions> database, IConfiguration configuration, ILogger<CacheEviction> logger,
    IServiceProvider services) : BackgroundService
{
    public const string Channel = "byline_cache";

    private readonly Channel<string> _outbox = System.Threading.Channels.Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sent with each key, so a node ignores its own notifications (it evicted already).</summary>
    private readonly string _node = Guid.NewGuid().ToString("N");

    private bool Clustered => database.Value.Provider == DatabaseProvider.Postgres;

    /// <summary>Completes once this node listens for other nodes' evictions (at once on SQLite).</summary>
    public Task Listening => Clustered ? _listening.Task : Task.CompletedTask;

    /// <summary>Raised when another node evicted a key: for state that lives outside <see cref="IMemoryCache"/>.</summary>
    public event Action<string>? EvictedElsewhere;

    public void Evict(string key)
    {
        cache.Remove(key);
        // Every cached public page shows what the evicted entry held (the sidebar, the category menu, the title…).
        Web.PublicPageCache.EvictAll(services);
        if (Clustered)
        {
            _outbox.Writer.TryWrite(key);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Clustered ? Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken)) : Task.CompletedTask;

    private string ConnectionString(bool pooled) =>
        new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Byline")) { Pooling = pooled }.ConnectionString;

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var connected = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A connection of its own, outside the pool: it is held for as long as the node runs.
                await using var connection = new NpgsqlConnection(ConnectionString(pooled: false));
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) =>
                {
                    var separator = e.Payload.IndexOf('|', StringComparison.Ordinal);
                    if (e.Channel == Channel && separator > 0 && !e.Payload.AsSpan(0, separator).SequenceEqual(_node))
                    {
                        var key = e.Payload[(separator + 1)..];
                        cache.Remove(key);
                        Web.PublicPageCache.EvictAll(services);
                        EvictedElsewhere?.Invoke(key);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                if (connected && cache is MemoryCache memory)
                {
                    // Evictions sent while this node was not listening are lost: start afresh.
                    memory.Clear();
                }
                connected = true;
                _listening.TrySetResult();
                while (!stoppingToken.IsCancellationRequested)
                {
                    // Wake up now and then to notice a connection that died without a word.
                    if (!await connection.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException or System.Net.Sockets.SocketException or InvalidOperationException)
            {
                ListenFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString(pooled: true));
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(stoppingToken))
            {
                var keys = new HashSet<string>(StringComparer.Ordinal);
                while (_outbox.Reader.TryRead(out var key))
                {
                    keys.Add(key);
                }
                try
                {
                    await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                    foreach (var key in keys)
                    {
                        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @key)", connection);
                        notify.Parameters.AddWithValue("channel", Channel);
                        notify.Parameters.AddWithValue("key", _node + "|" + key);
                        await notify.ExecuteNonQueryAsync(stoppingToken);
                    }
                }
                catch (Exception e) when (e is NpgsqlException or System.IO.IOException or System.Net.Sockets.SocketException)
                {
                    // Other nodes keep their entry until it expires (minutes at most); this node already evicted its own.
                    SendFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for other nodes' cache evictions failed; retrying")]
    private static partial void ListenFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell other nodes about a cache eviction")]
    private static partial void SendFailed(ILogger logger, Exception exception);
}

using System.Threading.Channels;
using Npgsql;

namespace Byline.Web.Infrastructure.Data;

/// <summary>
/// Cache evictions over PostgreSQL <c>NOTIFY</c>/<c>LISTEN</c> on channel <see cref="CacheEviction.Channel"/>:
/// the default with several nodes on PostgreSQL and no Redis.
/// </summary>
public sealed partial class PostgresNotifyTransport(IConfiguration configuration, ILogger<PostgresNotifyTransport> logger) : ICacheEvictionTransport
{
    private readonly Channel<string> _outbox = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Listening => _listening.Task;

    public bool SharesOutputCache => false;

    public void Send(string payload) => _outbox.Writer.TryWrite(payload);

    public Task RunAsync(Action<string> received, Action missed, CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(received, missed, stoppingToken), SendAsync(stoppingToken));

    private string ConnectionString(bool pooled) =>
        new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Byline")) { Pooling = pooled }.ConnectionString;

    private async Task ListenAsync(Action<string> received, Action missed, CancellationToken stoppingToken)
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
                    if (e.Channel == CacheEviction.Channel)
                    {
                        received(e.Payload);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {CacheEviction.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                if (connected)
                {
                    missed();
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
                var payloads = new HashSet<string>(StringComparer.Ordinal);
                while (_outbox.Reader.TryRead(out var payload))
                {
                    payloads.Add(payload);
                }
                try
                {
                    await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                    foreach (var payload in payloads)
                    {
                        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                        notify.Parameters.AddWithValue("channel", CacheEviction.Channel);
                        notify.Parameters.AddWithValue("payload", payload);
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

using System.Globalization;
using Byline.Web.Features.Popular;
using StackExchange.Redis;

namespace Byline.Web.Infrastructure.ScaleOut;

/// <summary>
/// Page views counted in one Redis hash (<c>HINCRBY {InstanceName}views "slug|yyyy-MM-dd" 1</c>) by every node.
/// The node holding the view-count lease renames the hash away (atomic, so no increment is lost), writes its
/// counts to the database and only then deletes it; a holder that dies mid-way leaves the renamed hash for the next.
/// </summary>
public sealed class RedisViewCounts(RedisConnection redis) : ISharedViewCounts
{
    private RedisKey Counting => redis.Key("views");

    private RedisKey Flushing => redis.Key("views:flushing");

    public bool TryIncrement(string slug, DateOnly day)
    {
        if (!redis.IsConnected)
        {
            return false;
        }
        try
        {
            redis.Database.HashIncrement(Counting, slug + "|" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), 1, CommandFlags.FireAndForget);
            return true;
        }
        catch (RedisException)
        {
            return false;
        }
    }

    public async Task<IReadOnlyDictionary<(string Slug, DateOnly Day), long>> TakeAsync(CancellationToken cancellationToken)
    {
        var db = redis.Database;
        // Left over from a flush that did not finish: those counts go first, and new ones wait for the next flush.
        if (!await db.KeyExistsAsync(Flushing) && await db.KeyExistsAsync(Counting))
        {
            await db.KeyRenameAsync(Counting, Flushing, When.NotExists);
        }
        var counts = new Dictionary<(string Slug, DateOnly Day), long>();
        foreach (var entry in await db.HashGetAllAsync(Flushing))
        {
            var field = entry.Name.ToString();
            var separator = field.LastIndexOf('|');
            if (separator > 0
                && DateOnly.TryParseExact(field[(separator + 1)..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                && entry.Value.TryParse(out long views))
            {
                counts[(field[..separator], day)] = views;
            }
        }
        return counts;
    }

    public Task ConfirmAsync(CancellationToken cancellationToken) => redis.Database.KeyDeleteAsync(Flushing);

    /// <summary>Views counted in Redis and not yet written to the database (for tests and the operator).</summary>
    public async Task<long> PendingAsync()
    {
        long total = 0;
        foreach (var key in new[] { Counting, Flushing })
        {
            foreach (var value in await redis.Database.HashValuesAsync(key))
            {
                total += (long)value;
            }
        }
        return total;
    }
}

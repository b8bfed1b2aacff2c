using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Net.Http.Headers;

namespace Byline.Web.Features.Discovery;

/// <summary>
/// The built bytes of every feed, per URL, so a feed is written once and then served from memory.
/// <para>
/// Freshness: each request first asks the database for the feed's <em>version</em> — the ids and
/// change times of the items the feed would show (an index-only top-N query, no bodies), plus the
/// settings the feed is written from. The cached bytes are used only when that version matches, so a
/// publish, edit, unpublish, delete, scheduled article going live, newly approved comment or settings
/// change shows on the very next request, on every node, without anyone remembering to evict. The
/// version also makes the ETag, so a reader's conditional request costs that one small query.
/// </para>
/// </summary>
public sealed class FeedCache(IMemoryCache cache)
{
    private sealed record Entry(string Version, byte[] Body, string ContentType);

    /// <summary>A short, stable (across processes and nodes) hash of the version parts.</summary>
    public static string Version(IEnumerable<string> parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))[..20];

    /// <summary>
    /// Answers a feed request: 304 when the reader already has this version, the cached bytes when
    /// they are of this version, otherwise the bytes <paramref name="build"/> writes (then cached).
    /// </summary>
    public async Task<IResult> ServeAsync(
        HttpContext http, string version, DateTime lastModifiedUtc, string contentType, Func<Task<byte[]>> build)
    {
        var etag = new EntityTagHeaderValue($"\"{version}\"");
        var lastModified = new DateTimeOffset(DateTime.SpecifyKind(lastModifiedUtc, DateTimeKind.Utc))
            .AddTicks(-(lastModifiedUtc.Ticks % TimeSpan.TicksPerSecond));
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.LastModified = lastModified;
        var request = http.Request.GetTypedHeaders();
        if (request.IfNoneMatch.Count > 0
                ? request.IfNoneMatch.Any(t => t.Compare(etag, useStrongComparison: false))
                : request.IfModifiedSince is { } since && lastModified <= since)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        // The host is part of the key: links in the feed are absolute.
        var key = string.Create(CultureInfo.InvariantCulture, $"feed:{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}");
        if (cache.TryGetValue(key, out Entry? entry) && entry!.Version == version)
        {
            return Results.Bytes(entry.Body, entry.ContentType);
        }
        var body = await build();
        // Unused feeds (an old tag's) drop out after a day; a version change simply overwrites.
        cache.Set(key, new Entry(version, body, contentType), new MemoryCacheEntryOptions { SlidingExpiration = TimeSpan.FromDays(1) });
        return Results.Bytes(body, contentType);
    }
}

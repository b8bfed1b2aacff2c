using System.Buffers;
using System.Text;
using Byline.Web.Features.Comments;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.IO;

namespace Byline.Web.Infrastructure.Web;

/// <summary>
/// Lets a page with a form be output-cached: the page renders placeholders where the per-visitor
/// values go (the antiforgery token, the comment form's signed stamp), the cached copy keeps the
/// placeholders, and <see cref="PerVisitorFieldsMiddleware"/> fills in fresh values on the way
/// out of every response, cached or not.
/// </summary>
public static class PerVisitorFields
{
    public const string Nonce = "__byline_nonce__";
    public const string AntiforgeryToken = "__byline_antiforgery__";
    public const string ArticlePagePolicy = "article-page";

    public static string Stamp(int articleId) => $"__byline_stamp_{articleId}__";

    /// <summary>Whether this request's HTML may be cached, so per-visitor values must be placeholders.</summary>
    public static bool IsCacheable(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<OutputCacheAttribute>() is not null;

    /// <summary>The nonce to write into a script or style tag: the real one, or a placeholder on a cacheable page.</summary>
    public static string NonceFor(HttpContext context) => IsCacheable(context) ? Nonce : CspNonce.Get(context);
}

/// <summary>Marks a page whose HTML may hold <see cref="PerVisitorFields"/> placeholders beyond the nonce.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class FillsPerVisitorFieldsAttribute : Attribute;

/// <summary>
/// Fills the placeholders of cacheable pages on the way out of every response, cached or not. Works on
/// the bytes (placeholders are ASCII) in a pooled buffer, so a cached page costs a vectorised search,
/// the values, and one copy into the response.
/// </summary>
public sealed class PerVisitorFieldsMiddleware(RequestDelegate next, IAntiforgery antiforgery, CommentFormStamp stamps)
{
    // Blocks of 128 KB hold any page whole, so GetBuffer() never has to join blocks.
    private static readonly RecyclableMemoryStreamManager Buffers = new();

    private static ReadOnlySpan<byte> Marker => "__byline_"u8;
    private static ReadOnlySpan<byte> NonceBytes => "__byline_nonce__"u8;
    private static ReadOnlySpan<byte> AntiforgeryBytes => "__byline_antiforgery__"u8;
    private static ReadOnlySpan<byte> StampBytes => "__byline_stamp_"u8;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!PerVisitorFields.IsCacheable(context) && context.GetEndpoint()?.Metadata.GetMetadata<FillsPerVisitorFieldsAttribute>() is null)
        {
            await next(context);
            return;
        }
        var original = context.Response.Body;
        await using var buffer = Buffers.GetStream("per-visitor-fields");
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        // A response from the cache brings the headers of the request that filled it: the policy must name this request's nonce.
        if (CspNonce.Get(context) is { Length: > 0 } current)
        {
            context.Response.Headers.ContentSecurityPolicy = CspNonce.Policy(current);
        }
        if (buffer.Length == 0)
        {
            // No body (a 404 on its way to the redirect lookup or the status page): writing even nothing would
            // start the response and leave them unable to answer.
            return;
        }
        var html = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (context.Response.ContentType?.StartsWith("text/html", StringComparison.Ordinal) != true || html.Span.IndexOf(Marker) < 0)
        {
            // Not HTML, or nothing to fill (a page without inline scripts or forms): pass the bytes through as they are.
            await original.WriteAsync(html, context.RequestAborted);
            return;
        }
        var stampKey = html.Span.IndexOf(StampBytes) >= 0 ? await stamps.KeyAsync(context.RequestAborted) : default;
        var pieces = Fill(context, html.Span, stampKey);
        context.Response.ContentLength = pieces.Sum(p => p.Value?.Length ?? p.Length);
        var writer = context.Response.BodyWriter;
        foreach (var (start, length, value) in pieces)
        {
            writer.Write(value is null ? html.Span.Slice(start, length) : value);
        }
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>Splits the page into runs of its own bytes and the values that replace its placeholders.</summary>
    private List<(int Start, int Length, byte[]? Value)> Fill(HttpContext context, ReadOnlySpan<byte> html, StampKey stampKey)
    {
        // Values are made before anything is written: the antiforgery token may set a cookie.
        var pieces = new List<(int Start, int Length, byte[]? Value)>(8);
        byte[]? nonce = null, token = null;
        var position = 0;
        int found;
        while ((found = html[position..].IndexOf(Marker)) >= 0)
        {
            var at = position + found;
            var rest = html[at..];
            pieces.Add((position, at - position, null));
            if (rest.StartsWith(NonceBytes))
            {
                nonce ??= Encoding.ASCII.GetBytes(CspNonce.Get(context));
                pieces.Add((0, 0, nonce));
                position = at + NonceBytes.Length;
            }
            else if (rest.StartsWith(AntiforgeryBytes))
            {
                token ??= Encoding.ASCII.GetBytes(antiforgery.GetAndStoreTokens(context).RequestToken ?? "");
                pieces.Add((0, 0, token));
                position = at + AntiforgeryBytes.Length;
            }
            else if (rest.StartsWith(StampBytes) && StampId(rest[StampBytes.Length..], out var id, out var length))
            {
                pieces.Add((0, 0, Encoding.ASCII.GetBytes(stamps.Issue(stampKey, id))));
                position = at + StampBytes.Length + length;
            }
            else
            {
                pieces.Add((at, Marker.Length, null));
                position = at + Marker.Length;
            }
        }
        pieces.Add((position, html.Length - position, null));
        return pieces;
    }

    /// <summary>Reads "123__" after the stamp marker: the article id and how many bytes it took.</summary>
    private static bool StampId(ReadOnlySpan<byte> text, out int id, out int length)
    {
        var digits = text.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        length = digits + 2;
        id = 0;
        return digits is > 0 and <= 9 && text[digits..].StartsWith("__"u8)
               && int.TryParse(text[..digits], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id);
    }
}

/// <summary>Commenters with a pending comment or saved details see their own version of an article page: never cached.</summary>
internal sealed class SkipForCommenters : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var cookies = context.HttpContext.Request.Cookies;
        if (cookies.ContainsKey(CommenterCookies.PendingCookie) || cookies.ContainsKey(CommenterCookies.DetailsCookie))
        {
            context.AllowCacheLookup = false;
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
}

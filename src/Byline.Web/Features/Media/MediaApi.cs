using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Byline.Web.Features.Media;

/// <summary><c>GET /media/{key}</c>: the stored images, for anyone, cached for a year.</summary>
public static class MediaApi
{
    public static IEndpointRouteBuilder MapMediaApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(MediaImage.UrlPrefix + "{**key}", ServeAsync).WithName("Media");
        return app;
    }

    /// <summary>
    /// Streams a stored image. Only keys of library items are served (never a listing, never another file in the
    /// folder); a key's bytes never change, so the answer may be cached for a year and the ETag comes from the key.
    /// </summary>
    internal static async Task<IResult> ServeAsync(string? key, HttpContext context, MediaLibrary library, IMediaStorage storage,
        CancellationToken cancellationToken)
    {
        var contentType = key is null ? null : MediaKeys.ContentTypeOf(key);
        if (key is null || contentType is null || !await library.IsServedAsync(key, cancellationToken))
        {
            return TypedResults.NotFound();
        }
        var stream = await storage.OpenReadAsync(key, cancellationToken);
        if (stream is null)
        {
            return TypedResults.NotFound();
        }
        var headers = context.Response.Headers;
        headers.CacheControl = "public, max-age=31536000, immutable";
        headers.XContentTypeOptions = "nosniff";
        var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + "\"");
        // Results.Stream answers If-None-Match with 304 and supports range requests.
        return TypedResults.Stream(stream, contentType, entityTag: etag, enableRangeProcessing: stream.CanSeek);
    }
}

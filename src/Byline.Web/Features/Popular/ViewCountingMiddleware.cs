namespace Byline.Web.Features.Popular;

/// <summary>Marks a page whose successful GETs count as a view of the article named by the <c>slug</c> route value.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class CountsArticleViewsAttribute : Attribute;

/// <summary>
/// Records article views after the response is produced. It sits in front of output caching,
/// so cached responses count too. Obvious bots and prefetches are not readers.
/// </summary>
public sealed class ViewCountingMiddleware(RequestDelegate next, ViewCounter counter)
{
    private static readonly string[] BotMarkers =
    [
        "bot", "crawl", "spider", "slurp", "archiver", "facebookexternalhit", "embedly", "preview",
        "curl", "wget", "python", "go-http-client", "java/", "okhttp", "httpclient", "libwww", "headless",
        "lighthouse", "pingdom", "monitor", "scan", "feedfetcher",
    ];

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);

        if (context.Response.StatusCode == StatusCodes.Status200OK
            && HttpMethods.IsGet(context.Request.Method)
            && context.GetEndpoint()?.Metadata.GetMetadata<CountsArticleViewsAttribute>() is not null
            && context.Request.RouteValues["slug"] is string slug
            && !IsBotOrPrefetch(context.Request))
        {
            counter.Record(slug);
        }
    }

    internal static bool IsBotOrPrefetch(HttpRequest request)
    {
        var purpose = request.Headers["Sec-Purpose"].ToString() + request.Headers["Purpose"].ToString();
        if (purpose.Contains("prefetch", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var agent = request.Headers.UserAgent.ToString();
        if (agent.Length < 10)
        {
            return true;
        }
        foreach (var marker in BotMarkers)
        {
            if (agent.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}

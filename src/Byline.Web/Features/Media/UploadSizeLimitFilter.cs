using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Byline.Web.Features.Media;

/// <summary>
/// The upload page's request body limit, from <see cref="MediaOptions.MaxUploadBytes"/>. It runs before the
/// antiforgery check, which is the first thing to read the form: a request that announces a bigger body gets 413
/// without a byte of it being read, and one that does not (chunked) is cut off by the server at the limit.
/// </summary>
public sealed class UploadSizeLimitFilter(long maxRequestBytes) : IAuthorizationFilter, IOrderedFilter
{
    // The antiforgery filter runs at 1000; this must come first.
    public int Order => -1000;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxRequestBytes;
        }
        if (http.Request.ContentLength > maxRequestBytes)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status413PayloadTooLarge);
        }
    }
}

namespace Byline.Web.Infrastructure.Web;

/// <summary>
/// One address per page: a GET for <c>/Category/World/</c> is answered with a 301 to
/// <c>/category/world</c>. Routing would match either, which splits links and search rankings
/// between duplicates. Files (a dot in the last segment) and media keys are left alone.
/// </summary>
public sealed class CanonicalPathMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && request.Path.Value is { Length: > 1 } path
            && NeedsRewrite(path)
            && Canonical(path) is { } canonical)
        {
            context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            context.Response.Headers.Location = new PathString(canonical).ToUriComponent() + request.QueryString;
            return Task.CompletedTask;
        }
        return next(context);
    }

    private static bool NeedsRewrite(string path) =>
        (path.EndsWith('/') || path.Any(char.IsUpper))
        && !path.StartsWith("/media/", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWith("/_", StringComparison.Ordinal);

    internal static string? Canonical(string path)
    {
        var trimmed = path.TrimEnd('/');
        var lastSegment = trimmed[(trimmed.LastIndexOf('/') + 1)..];
        if (trimmed.Length == 0 || lastSegment.Contains('.', StringComparison.Ordinal))
        {
            return null;
        }
        var lowered = trimmed.ToLowerInvariant();
        return lowered == path ? null : lowered;
    }
}

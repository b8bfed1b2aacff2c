using System.Text;
using System.Text.RegularExpressions;
using Byline.Web.Features.Comments;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.OutputCaching;

namespace Byline.Web.Infrastructure.Web;

/// <summary>
/// Lets a page with a form be output-cached: the page renders placeholders where the per-visitor
/// values go (the antiforgery token, the comment form's signed stamp), the cached copy keeps the
/// placeholders, and <see cref="PerVisitorFieldsMiddleware"/> fills in fresh values on the way
/// out of every response, cached or not.
/// </summary>
public static partial class PerVisitorFields
{
    public const string AntiforgeryToken = "__byline_antiforgery__";
    public const string ArticlePagePolicy = "article-page";

    public static string Stamp(int articleId) => $"__byline_stamp_{articleId}__";

    [GeneratedRegex("__byline_stamp_([0-9]{1,10})__")]
    internal static partial Regex StampPattern();
}

/// <summary>Marks a page whose HTML may hold <see cref="PerVisitorFields"/> placeholders.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class FillsPerVisitorFieldsAttribute : Attribute;

public sealed class PerVisitorFieldsMiddleware(RequestDelegate next, IAntiforgery antiforgery, CommentFormStamp stamps)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<FillsPerVisitorFieldsAttribute>() is null)
        {
            await next(context);
            return;
        }
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        buffer.Position = 0;
        if (context.Response.ContentType?.StartsWith("text/html", StringComparison.Ordinal) != true)
        {
            await buffer.CopyToAsync(original, context.RequestAborted);
            return;
        }
        var html = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (html.Contains(PerVisitorFields.AntiforgeryToken, StringComparison.Ordinal))
        {
            // Also sets the antiforgery cookie when the visitor has none: possible because nothing is sent yet.
            html = html.Replace(PerVisitorFields.AntiforgeryToken, antiforgery.GetAndStoreTokens(context).RequestToken, StringComparison.Ordinal);
        }
        html = PerVisitorFields.StampPattern().Replace(html, m => stamps.Issue(int.Parse(m.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture)));
        var bytes = Encoding.UTF8.GetBytes(html);
        context.Response.ContentLength = bytes.Length;
        await original.WriteAsync(bytes, context.RequestAborted);
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

using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Byline.Web.Infrastructure.Web;

/// <summary>
/// Security headers on every response (pages, static files, feeds, redirects, error pages): a strict
/// Content-Security-Policy with a fresh nonce per request, nosniff, referrer and permissions policies, frame
/// protection, cross-origin opener isolation and, over HTTPS only, HSTS. Runs inside the exception handler and
/// status-code re-execution, so a re-executed error page gets its own nonce and a full set of headers.
/// Allocations per request: the nonce, the policy string that carries it, and the request's Items dictionary.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    // Brief's list, with one change: `interest-cohort` (FLoC, withdrawn) makes Chromium log an
    // "Unrecognized feature" console error on every page; `browsing-topics` is its successor.
    public const string PermissionsPolicy =
        "accelerometer=(), browsing-topics=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    public const string StrictTransportSecurity = "max-age=31536000";

    public Task InvokeAsync(HttpContext context)
    {
        var nonce = CspNonce.Create();
        context.Items[CspNonce.ItemKey] = nonce;

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = CspNonce.Policy(nonce);
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers.XFrameOptions = "DENY";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = StrictTransportSecurity;
        }
        return next(context);
    }
}

/// <summary>The per-request CSP nonce: made by <see cref="SecurityHeadersMiddleware"/>, read by views.</summary>
public static class CspNonce
{
    /// <summary>The <see cref="HttpContext.Items"/> key of the nonce string.</summary>
    public static readonly object ItemKey = new();

    private const string PolicyStart = "default-src 'self'; script-src 'self' 'nonce-";
    private const string PolicyMiddle = "'; style-src 'self' 'nonce-";
    private const string PolicyEnd =
        "'; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The current request's nonce (empty outside a request that went through the middleware).</summary>
    public static string Get(HttpContext context) => context.Items[ItemKey] as string ?? "";

    /// <summary>128 random bits, base64: 24 characters.</summary>
    public static string Create()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>The Content-Security-Policy for <paramref name="nonce"/>, built in one allocation.</summary>
    public static string Policy(string nonce) =>
        string.Create(PolicyStart.Length + PolicyMiddle.Length + PolicyEnd.Length + (2 * nonce.Length), nonce, static (span, n) =>
        {
            PolicyStart.CopyTo(span);
            span = span[PolicyStart.Length..];
            n.CopyTo(span);
            span = span[n.Length..];
            PolicyMiddle.CopyTo(span);
            span = span[PolicyMiddle.Length..];
            n.CopyTo(span);
            span = span[n.Length..];
            PolicyEnd.CopyTo(span);
        });
}

/// <summary>
/// Puts the request's CSP nonce on every <c>&lt;script&gt;</c> and <c>&lt;style&gt;</c> element of a view (inline
/// JSON-LD blocks included; harmless on external scripts). Registered in <c>Features/_ViewImports.cshtml</c>.
/// </summary>
[HtmlTargetElement("script")]
[HtmlTargetElement("style")]
public sealed class NonceTagHelper : TagHelper
{
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    // After the framework's script tag helper (asp-append-version), so nothing replaces the attribute list.
    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        // A page that may be output-cached gets a placeholder, filled per response (PerVisitorFields).
        var nonce = PerVisitorFields.NonceFor(ViewContext.HttpContext);
        if (nonce.Length > 0)
        {
            output.Attributes.SetAttribute("nonce", nonce);
        }
    }
}

/// <summary>
/// A valid form's validation summary: the framework adds <c>&lt;ul&gt;&lt;li style="display:none"&gt;</c> for
/// client-side validation, an inline style the CSP blocks. Byline has no client-side validation library, so
/// the empty list goes; the <c>validation-summary-valid</c> class (hidden by the stylesheet) stays.
/// </summary>
[HtmlTargetElement("div", Attributes = "asp-validation-summary")]
public sealed class ValidSummaryTagHelper : TagHelper
{
    // After the framework's ValidationSummaryTagHelper (Order -1000).
    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (output.Attributes.TryGetAttribute("class", out var css) && ClassText(css.Value).Contains("validation-summary-valid", StringComparison.Ordinal))
        {
            output.PostContent.Clear();
        }
    }

    private static string ClassText(object? value)
    {
        if (value is not IHtmlContent html)
        {
            return value?.ToString() ?? "";
        }
        using var writer = new StringWriter();
        html.WriteTo(writer, HtmlEncoder.Default);
        return writer.ToString();
    }
}

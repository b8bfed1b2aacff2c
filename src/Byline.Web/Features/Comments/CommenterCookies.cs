using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace Byline.Web.Features.Comments;

/// <summary>
/// Two protected cookies: the ids of the visitor's own pending comments (so only they see
/// "awaiting moderation"), and, with consent, their name, e-mail and website for next time.
/// </summary>
public sealed class CommenterCookies(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string PendingCookie = "byline_pending";
    public const string DetailsCookie = "byline_commenter";
    private const int MaxPending = 20;

    private readonly IDataProtector _pending = protection.CreateProtector("Byline.Comments.Pending");
    private readonly IDataProtector _details = protection.CreateProtector("Byline.Comments.Details");

    public IReadOnlyCollection<int> ReadPending(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(PendingCookie, out var value) || string.IsNullOrEmpty(value))
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<int[]>(_pending.Unprotect(value)) ?? [];
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return [];
        }
    }

    public void AddPending(HttpContext context, int commentId)
    {
        var ids = ReadPending(context.Request).Append(commentId).Distinct().TakeLast(MaxPending).ToArray();
        context.Response.Cookies.Append(PendingCookie, _pending.Protect(JsonSerializer.Serialize(ids)), Options(TimeSpan.FromDays(30), context));
    }

    public CommenterDetails? ReadDetails(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(DetailsCookie, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<CommenterDetails>(_details.Unprotect(value));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    public void SaveDetails(HttpContext context, CommenterDetails details) =>
        context.Response.Cookies.Append(DetailsCookie, _details.Protect(JsonSerializer.Serialize(details)), Options(TimeSpan.FromDays(365), context));

    public static void ForgetDetails(HttpContext context) => context.Response.Cookies.Delete(DetailsCookie);

    private CookieOptions Options(TimeSpan lifetime, HttpContext context) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        IsEssential = true,
        Path = "/",
        Expires = clock.GetUtcNow().Add(lifetime),
    };
}

public sealed record CommenterDetails(string Name, string Email, string? Website);

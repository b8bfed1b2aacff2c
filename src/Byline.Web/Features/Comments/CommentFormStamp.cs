using System.Globalization;
using Microsoft.AspNetCore.DataProtection;

namespace Byline.Web.Features.Comments;

/// <summary>
/// A signed stamp in the comment form saying when, and for which article, it was shown. Bots that
/// post at once, replay an old form or forge one are caught without JavaScript or a CAPTCHA.
/// </summary>
public sealed class CommentFormStamp(IDataProtectionProvider protection, TimeProvider clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Byline.Comments.FormStamp");

    public string Issue(int articleId) =>
        _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{articleId}:{clock.GetUtcNow().UtcTicks}"));

    /// <summary>When the form for this article was shown, or null when the stamp is missing, forged or for another article.</summary>
    public DateTime? Read(string? stamp, int articleId)
    {
        if (string.IsNullOrEmpty(stamp) || stamp.Length > 1000)
        {
            return null;
        }
        try
        {
            var parts = _protector.Unprotect(stamp).Split(':');
            return parts.Length == 2
                   && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id == articleId
                   && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                   && ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks
                ? new DateTime(ticks, DateTimeKind.Utc)
                : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}

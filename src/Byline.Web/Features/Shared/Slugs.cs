using System.Globalization;
using System.Text;

namespace Byline.Web.Features.Shared;

public static class Slugs
{
    /// <summary>"Mission Bangkok: What's Next?" → "mission-bangkok-whats-next". Letters of any script are kept.</summary>
    public static string From(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(normalized.Length);
        var dash = false;
        foreach (var c in normalized)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark || c == '\'' || c == '’')
            {
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                dash = false;
            }
            else if (!dash && builder.Length > 0)
            {
                builder.Append('-');
                dash = true;
            }
        }
        var slug = builder.ToString().TrimEnd('-').Normalize(NormalizationForm.FormC);
        return slug.Length > 180 ? slug[..180].TrimEnd('-') : slug;
    }

    /// <summary>The slug itself when free, else "slug-2", "slug-3"… — the first that <paramref name="taken"/> says is free.</summary>
    public static async Task<string> UniqueAsync(string slug, Func<string, Task<bool>> taken)
    {
        var candidate = slug;
        for (var n = 2; await taken(candidate); n++)
        {
            candidate = string.Create(CultureInfo.InvariantCulture, $"{slug}-{n}");
        }
        return candidate;
    }
}

using System.Globalization;

namespace Byline.Web.Features.Articles;

/// <summary>The one place that knows what an article URL looks like: /{year}/{month}/{slug} of its UTC publish date.</summary>
public static class ArticleLinks
{
    public static string Url(DateTime publishedAtUtc, string slug) =>
        string.Create(CultureInfo.InvariantCulture, $"/{publishedAtUtc.Year:D4}/{publishedAtUtc.Month:D2}/{Uri.EscapeDataString(slug)}");

    public static string CommentUrl(DateTime publishedAtUtc, string slug, int commentId) =>
        string.Create(CultureInfo.InvariantCulture, $"{Url(publishedAtUtc, slug)}#comment-{commentId}");
}

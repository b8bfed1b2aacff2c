namespace Byline.Web.Features.Articles;

/// <summary>
/// An address that used to show an article or page (an old slug, an old permalink structure,
/// an imported WordPress URL). It points at the content, not at a URL, so the 301 always goes
/// to the current address and redirects never chain.
/// </summary>
public sealed class Redirect
{
    public int Id { get; set; }

    /// <summary>Lower-case path without a trailing slash, e.g. <c>/2026/11/old-slug</c>.</summary>
    public required string FromPath { get; set; }
    public int? ArticleId { get; set; }
    public int? StaticPageId { get; set; }

    /// <summary>For anything else (a category, a tag, an author): a local path to send visitors to.</summary>
    public string? ToPath { get; set; }
    public DateTime CreatedAt { get; set; }

    public static string NormalizePath(string path)
    {
        var trimmed = path.Trim();
        if (trimmed.Length > 1)
        {
            trimmed = trimmed.TrimEnd('/');
        }
        return (trimmed.StartsWith('/') ? trimmed : "/" + trimmed).ToLowerInvariant();
    }
}
